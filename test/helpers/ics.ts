// Reads an uploaded .ics the way a calendar would start to: RFC 5545 lines unfolded (CRLF and a
// space or tab continue a line), one VCALENDAR holding VEVENTs, each event's properties by name
// (parameters after `;` dropped). Enough to assert what a sent invitation says.
export interface IcsEvent {
  [property: string]: string;
}

export function parseIcs(bytes: Buffer | string): { events: IcsEvent[] } {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  const lines = text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter(Boolean);
  if (lines[0] !== 'BEGIN:VCALENDAR' || lines[lines.length - 1] !== 'END:VCALENDAR')
    throw new Error('not a VCALENDAR');
  const events: IcsEvent[] = [];
  let current: IcsEvent | null = null;
  for (const line of lines.slice(1, -1)) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      if (!current) throw new Error('END:VEVENT without BEGIN');
      events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      if (colon < 0) throw new Error(`not a property line: ${line}`);
      const name = line.slice(0, colon).split(';')[0]!;
      current[name] = line.slice(colon + 1);
    }
  }
  if (current) throw new Error('VEVENT not closed');
  return { events };
}
