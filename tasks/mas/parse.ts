// The judge's answer -> which MAST modes it marked "yes". A port of the
// reference parser's rules (spec §2.3), quirks included, so that a judge
// answer counts the same here as on the leaderboard: the mode id is used as a
// regular expression (its "." matches any character), "anything" spans lines,
// and a mode no rule finds counts as "no".

import { MODE_IDS } from './modes.js';

export interface ParsedJudgement {
  /** 1 = the judge said yes, 0 = no (or not found). */
  modes: Record<string, 0 | 1>;
  totalFailures: number;
  /** Modes for which some rule matched (the rest defaulted to no). */
  found: number;
}

const ANY = '[\\s\\S]';

/** The rules in order, for a mode id used as a pattern. */
function rules(mode: string): RegExp[] {
  return [
    new RegExp(`C\\.${ANY}*?${mode}${ANY}*?(yes|no)`, 'i'),
    new RegExp(`C${mode}\\s+(yes|no)`, 'i'),
    new RegExp(`${mode}\\s*:\\s*(yes|no)`, 'i'),
    new RegExp(`${mode}\\s+(yes|no)`, 'i'),
    new RegExp(`${mode}\\s*\\n\\s*(yes|no)`, 'i'),
    new RegExp(`C\\.${mode}\\s*\\n\\s*(yes|no)`, 'i'),
    new RegExp(`(?:C\\.)?${mode}${ANY}*?(yes|no)`, 'i'),
  ];
}

const RULES = new Map(MODE_IDS.map((id) => [id, rules(id)]));

export function parseJudgement(response: string): ParsedJudgement {
  let text = response.trim();
  if (text.startsWith('@@')) text = text.slice(2);
  if (text.endsWith('@@')) text = text.slice(0, -2);
  const modes: Record<string, 0 | 1> = {};
  let found = 0;
  for (const id of MODE_IDS) {
    let answer: 0 | 1 = 0;
    for (const rule of RULES.get(id)!) {
      const m = rule.exec(text);
      if (m) {
        answer = m[1]!.toLowerCase() === 'yes' ? 1 : 0;
        found++;
        break;
      }
    }
    modes[id] = answer;
  }
  const totalFailures = Object.values(modes).reduce<number>((a, b) => a + b, 0);
  return { modes, totalFailures, found };
}
