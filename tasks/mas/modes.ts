// The 14 MAST failure modes (Cemri, Pan et al., NeurIPS'25): ids, names and a
// one-line gist of each in our own words. The judge prompt embeds the full
// definitions and examples from the shared data when they are available; the
// gists stand in when they are not (and label the prompt as such).

export interface FailureMode {
  id: string;
  name: string;
  gist: string;
}

export const FAILURE_MODES: readonly FailureMode[] = [
  { id: '1.1', name: 'Disobey Task Specification', gist: 'the output ignores a requirement or constraint of the task' },
  { id: '1.2', name: 'Disobey Role Specification', gist: 'an agent does the work of another role or leaves its own' },
  { id: '1.3', name: 'Step Repetition', gist: 'a completed step is repeated without need' },
  { id: '1.4', name: 'Loss of Conversation History', gist: 'an agent acts as if earlier context had vanished' },
  {
    id: '1.5',
    name: 'Unaware of Termination Conditions',
    gist: 'the team does not notice when it should stop, or keeps going after the goal is met',
  },
  { id: '2.1', name: 'Conversation Reset', gist: 'the dialogue restarts, discarding progress' },
  { id: '2.2', name: 'Fail to Ask for Clarification', gist: 'an agent guesses where the task is ambiguous' },
  { id: '2.3', name: 'Task Derailment', gist: 'the team drifts away from the stated task' },
  { id: '2.4', name: 'Information Withholding', gist: 'an agent keeps back information another needs' },
  { id: '2.5', name: "Ignored Other Agent's Input", gist: "an agent disregards another agent's feedback or output" },
  { id: '2.6', name: 'Action-Reasoning Mismatch', gist: 'what an agent does differs from what it said it would do' },
  { id: '3.1', name: 'Premature Termination', gist: 'the run ends before the task is done or checked' },
  { id: '3.2', name: 'No or Incorrect Verification', gist: 'the result is not verified, or verified wrongly' },
  { id: '3.3', name: 'Weak Verification', gist: 'a check exists but is too shallow to catch real errors' },
];

export const MODE_IDS: readonly string[] = FAILURE_MODES.map((m) => m.id);

/** A verification verdict as the guardrails and the synthetic judge read it from a trace line. */
export const VERDICT = /VERIFICATION_RESULT:\s*(PASS|FAIL)\b/;
