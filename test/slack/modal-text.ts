// Every text a Slack modal or Block Kit payload shows, for the English-leak check of
// test/helpers/english-leaks.ts.
/** Every text of a modal or a Block Kit payload: titles, buttons, labels, hints, options. */
export function modalText(view: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'plain_text' || obj.type === 'mrkdwn') texts.push(String(obj.text));
      Object.values(obj).forEach(walk);
    }
  };
  walk(view);
  return texts.join('\n');
}
