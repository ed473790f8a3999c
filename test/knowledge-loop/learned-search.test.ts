// Learned phrasings in search (kb/learned): a question taught to an article finds it next time,
// worded alike; removing the phrasing undoes it; an internal article never reaches a customer;
// one person's odd question does not move other questions. A real KB on temp Markdown.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';

const FILES: Record<string, string> = {
  'payments/refunds.md':
    '---\ntitle: Refunding an order\n---\n# Refunds\n\nA refund is issued to the original payment method within five business days of the return being received.\n',
  'accounts/password-reset.md':
    '---\ntitle: Resetting a password\n---\n# Password reset\n\nUse the forgot password link on the sign-in page; the reset email expires after one hour.\n',
  'shipping/delivery-times.md':
    '---\ntitle: Delivery times\n---\n# Delivery\n\nStandard delivery takes three to five days; express delivery arrives the next day.\n',
  'internal/chargebacks.md':
    '---\ntitle: Chargeback review runbook\naudience: internal\n---\n# Chargebacks\n\nHow finance reviews a disputed card payment before answering the bank.\n',
};

let dir: string;
let kb: KnowledgeBase;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'casebot-learned-'));
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  kb = await openKnowledgeBase({ dir, cacheDir: null });
});

afterEach(async () => {
  await kb.close();
  await rm(dir, { recursive: true, force: true });
});

const first = (question: string, audience: 'customer' | 'staff' = 'customer') =>
  kb.search(question, { audience }).results[0]?.id ?? null;

describe('learned phrasings in search', () => {
  it('make a question that missed find the article it was taught, and removing one undoes it', () => {
    const question = 'my money never came back after I sent the shoes back';
    expect(first(question)).toBeNull();
    kb.learned.upsert({
      id: 1,
      articleId: 'payments/refunds',
      question: 'money never came back after sending the jacket back',
      lang: 'en',
      count: 1,
    });
    expect(first(question)).toBe('payments/refunds');
    expect(kb.search(question).noGoodMatch).toBe(false);

    expect(kb.learned.remove(1)).toBe(true);
    expect(first(question)).toBeNull();
  });

  it('put the taught article first over one the words match better', () => {
    const question = 'parcel shows delivered but the refund of the return is missing';
    const before = kb.search(question, { audience: 'staff' }).results.map((hit) => hit.id);
    kb.learned.upsert({
      id: 2,
      articleId: 'shipping/delivery-times',
      question: 'parcel shows delivered but nothing arrived',
      lang: 'en',
      count: 3,
    });
    expect(before[0]).toBe('payments/refunds');
    expect(first(question)).toBe('shipping/delivery-times');
  });

  it('never bring an internal article to a customer; staff get it', () => {
    const question = 'the bank says my card payment is disputed';
    kb.learned.upsert({
      id: 3,
      articleId: 'internal/chargebacks',
      question: 'bank says the card payment is disputed',
      lang: 'en',
      count: 5,
    });
    expect(first(question, 'staff')).toBe('internal/chargebacks');
    const customer = kb.search(question, { audience: 'customer' }).results.map((hit) => hit.id);
    expect(customer).not.toContain('internal/chargebacks');
  });

  it('do not let an odd question move other questions, and ignore one-word phrasings', () => {
    const refund = 'how long does a refund take after the return';
    expect(first(refund)).toBe('payments/refunds');
    kb.learned.upsert({
      id: 4,
      articleId: 'accounts/password-reset',
      question: 'my cat walked on the keyboard',
      lang: 'en',
      count: 1,
    });
    kb.learned.upsert({
      id: 5,
      articleId: 'accounts/password-reset',
      question: 'refund',
      lang: 'en',
      count: 9,
    });
    expect(kb.learned.size).toBe(1);
    expect(first(refund)).toBe('payments/refunds');
    expect(first('my cat walked on the keyboard')).toBe('accounts/password-reset');
  });

  it('weigh a phrasing by how often it was taught', () => {
    const question = 'parcel shows delivered but the refund of the return is missing';
    const liftOf = (count: number): number => {
      kb.learned.replace([
        {
          id: 6,
          articleId: 'shipping/delivery-times',
          question: 'parcel shows delivered',
          lang: 'en',
          count,
        },
      ]);
      return (
        kb
          .search(question, { audience: 'staff' })
          .results.find((h) => h.id === 'shipping/delivery-times')?.score ?? 0
      );
    };
    expect(liftOf(3)).toBeGreaterThan(liftOf(1));
  });
});
