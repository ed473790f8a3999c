// The small rules the report's figures rest on, checked alone: nearest-rank percentiles, the
// period's bounds, "met late", topics, and CSV that a spreadsheet cannot turn into a formula.
import { describe, expect, it } from 'vitest';
import { parsePeriod, parseReportDate, ReportInputError } from '../../src/reports/period.js';
import { renderReportCsv } from '../../src/reports/render-csv.js';
import type { ReportCase } from '../../src/reports/report-data.js';
import type { Report } from '../../src/reports/report-types.js';
import { milestoneOutcome, overallAttainmentPercent } from '../../src/reports/sla-attainment.js';
import { percent, percentile, rate } from '../../src/reports/stats.js';
import { groupByTopic, topicOf } from '../../src/reports/topics.js';

describe('report statistics', () => {
  it('takes nearest-rank percentiles and never divides by zero', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([40, 10, 30, 20], 0.5)).toBe(20); // rank 2 of 4
    expect(percentile([40, 10, 30, 20], 0.9)).toBe(40); // rank 4 of 4
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(rate(1, 0)).toBeNull();
    expect(percent(rate(1, 3))).toBe(33.3);
  });
});

describe('the report period', () => {
  it('reads whole UTC days, --to included, and exact instants', () => {
    expect(parseReportDate('2026-03-02', '--from').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(parseReportDate('2026-03-06', '--to').toISOString()).toBe('2026-03-07T00:00:00.000Z');
    expect(parseReportDate('2026-03-02T10:00+01:00', '--to').toISOString()).toBe(
      '2026-03-02T09:00:00.000Z',
    );
    expect(parsePeriod('2026-03-02', '2026-03-02')).toEqual({
      from: new Date('2026-03-02T00:00:00Z'),
      to: new Date('2026-03-03T00:00:00Z'),
    });
    expect(parsePeriod(undefined, undefined)).toEqual({ from: null, to: null });
  });

  it('refuses an empty period and impossible dates', () => {
    expect(() => parsePeriod('2026-03-02T10:00Z', '2026-03-02T10:00Z')).toThrow(
      /is the same instant as/,
    );
    expect(() => parseReportDate('2026-13-01', '--from')).toThrow(ReportInputError);
  });
});

describe('SLA milestone outcomes', () => {
  const open = { status: 'open', resolvedAt: null, closedAt: null } as ReportCase;
  const closed = {
    status: 'closed',
    resolvedAt: null,
    closedAt: new Date('2026-03-02T10:30:00Z'),
  } as ReportCase;
  const now = new Date('2026-03-02T12:00:00Z');
  const due = new Date('2026-03-02T11:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('counts a target met after its due instant as met late, never met', () => {
    const late = { dueAt: due, metAt: at('2026-03-02T11:01:00Z'), breachedAt: null };
    expect(milestoneOutcome(late, open, now)).toBe('metLate');
    const onTime = { dueAt: due, metAt: due, breachedAt: null };
    expect(milestoneOutcome(onTime, open, now)).toBe('met');
  });

  it('breaches an unmet target once due, recorded or not, and stops it with its case', () => {
    expect(milestoneOutcome({ dueAt: due, metAt: null, breachedAt: null }, open, now)).toBe(
      'breached',
    );
    const later = { dueAt: at('2026-03-02T13:00:00Z'), metAt: null, breachedAt: null };
    expect(milestoneOutcome(later, open, now)).toBe('running');
    expect(milestoneOutcome(later, closed, now)).toBe('stopped');
    expect(milestoneOutcome({ dueAt: due, metAt: null, breachedAt: null }, closed, now)).toBe(
      'stopped',
    );
  });

  it('counts a paused target as still owed: neither met nor breached, even past its stored due instant', () => {
    const paused = {
      dueAt: due,
      metAt: null,
      breachedAt: null,
      pausedAt: at('2026-03-02T10:40:00Z'),
    };
    expect(milestoneOutcome(paused, open, now)).toBe('running');
    // Breached before it could pause (a breached target never pauses): breached it stays.
    expect(milestoneOutcome({ ...paused, breachedAt: due }, open, now)).toBe('breached');
  });
});

describe('overall SLA attainment', () => {
  it('sums the rows before dividing: met late is a miss, running rows owe nothing yet', () => {
    expect(overallAttainmentPercent([])).toBeNull();
    expect(overallAttainmentPercent([{ met: 0, metLate: 0, breached: 0 }])).toBeNull();
    // (3 + 0) / (3 + 1 + 0 + 0 + 0 + 2) = 50 %, not the mean of 75 % and 0 %.
    expect(
      overallAttainmentPercent([
        { met: 3, metLate: 1, breached: 0 },
        { met: 0, metLate: 0, breached: 2 },
      ]),
    ).toBe(50);
    expect(overallAttainmentPercent([{ met: 2, metLate: 0, breached: 1 }])).toBe(66.7);
  });
});

describe('topics', () => {
  it('groups questions that share most of their words, in a chain', () => {
    const questions = [
      'Invoice VAT number is wrong',
      'How do I rotate the API key',
      'Wrong VAT number on the invoice again',
      'The VAT number on our March invoice',
    ];
    expect(groupByTopic(questions, topicOf)).toEqual([
      [questions[0], questions[2], questions[3]],
      [questions[1]],
    ]);
  });
});

describe('the CSV rendering', () => {
  it('keeps a customer question that looks like a formula as text', () => {
    const csv = renderReportCsv({
      period: { from: null, to: null, asOf: '2026-03-02T00:00:00.000Z', org: null, team: null },
      empty: false,
      deflection: {
        available: false,
        note: null,
        questions: 0,
        staffQuestionsExcluded: 0,
        suggestionsShown: 0,
        articleOpened: { tracked: false, count: null },
        markedSolved: 0,
        solvedWithoutArticleExcluded: 0,
        solvedThenCase: 0,
        escalated: 0,
        escalatedAfterSuggestions: 0,
        abandoned: 0,
        noGoodMatch: 0,
        pending: 0,
        deflected: 0,
        decided: 0,
        deflectionRatePercent: null,
        recontactWindowDays: 7,
      },
      sla: { rows: [] },
      timeToFirstResponse: {
        count: 0,
        wallClock: { medianMinutes: null, p90Minutes: null },
        business: { medianMinutes: null, p90Minutes: null },
      },
      timeToResolution: {
        count: 0,
        wallClock: { medianMinutes: null, p90Minutes: null },
        business: { medianMinutes: null, p90Minutes: null },
      },
      casesOpened: 0,
      backlog: {
        asOf: '2026-03-02T00:00:00.000Z',
        total: 0,
        unassigned: 0,
        buckets: [],
        oldest: null,
      },
      engineers: [],
      reopen: { resolutions: 0, reopened: 0, reopenRatePercent: null },
      csat: {
        asked: 1,
        ratings: 1,
        responseRatePercent: 100,
        average: 1,
        distribution: { '1': 1, '2': 0, '3': 0, '4': 0, '5': 0 },
        comments: [
          {
            case: 'CASE-1001',
            score: 1,
            comment: '@SUM(1+1)*cmd',
            resolvedAt: '2026-03-01T00:00:00.000Z',
          },
        ],
      },
      callbacks: {
        requested: 0,
        booked: 0,
        confirmed: 0,
        held: 0,
        missed: 0,
        cancelled: 0,
        immediate: 0,
      },
      knowledgeGaps: {
        available: true,
        note: null,
        questions: 1,
        groups: [
          {
            topic: 'hyperlink',
            count: 1,
            noGoodMatch: 1,
            escalatedDespiteSuggestions: 0,
            examples: ['=HYPERLINK("http://evil", "click")'],
          },
        ],
      },
    } satisfies Report);
    expect(csv).toContain(
      `knowledgeGap,hyperlink,examples,"'=HYPERLINK(""http://evil"", ""click"")"`,
    );
    // A rating's comment is a customer's text too.
    expect(csv).toContain(`csatComment,CASE-1001,comment,'@SUM(1+1)*cmd`);
  });
});
