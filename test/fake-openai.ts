import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake model does with one request. */
export type Behaviour =
  | { kind: 'answer'; text: string; finishReason?: string }
  | { kind: 'status'; code: number; retryAfter?: number }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'garbage' };

export interface ChatBody {
  model: string;
  stream?: boolean;
  messages: { role: string; content: string }[];
}

export interface FakeOpenAI {
  url: string;
  requests: { body: ChatBody; authorization: string | undefined }[];
  close(): Promise<void>;
}

const read = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let data = '';
    req.on('data', (d: Buffer) => (data += d.toString()));
    req.on('end', () => resolve(data));
  });

/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions wire
 * protocol (JSON and server-sent-event streaming), answering from a script.
 */
export async function startFakeOpenAI(script: (body: ChatBody, index: number) => Behaviour): Promise<FakeOpenAI> {
  const requests: FakeOpenAI['requests'] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    void read(req).then((raw) => {
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as ChatBody;
      const index = requests.length;
      requests.push({ body, authorization: req.headers.authorization });
      const b = script(body, index);
      if (b.kind === 'hang') {
        hanging.add(res);
        return;
      }
      if (b.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (b.kind === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('\u0000\u00ff{{{ not json');
        return;
      }
      if (b.kind === 'status') {
        res.writeHead(b.code, {
          'content-type': 'application/json',
          ...(b.retryAfter !== undefined ? { 'retry-after': String(b.retryAfter) } : {}),
        });
        res.end(JSON.stringify({ error: { message: `scripted ${b.code}`, type: 'server_error' } }));
        return;
      }
      const usage = {
        prompt_tokens: Math.ceil(raw.length / 4),
        completion_tokens: Math.ceil(b.text.length / 4),
        total_tokens: 0,
      };
      const finish = b.finishReason ?? 'stop';
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const send = (o: unknown): boolean => res.write(`data: ${JSON.stringify(o)}\n\n`);
        const base = { id: 'c1', object: 'chat.completion.chunk', created: 0, model: body.model };
        for (let i = 0; i < b.text.length; i += 40)
          send({ ...base, choices: [{ index: 0, delta: { content: b.text.slice(i, i + 40) }, finish_reason: null }] });
        send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
        send({ ...base, choices: [], usage });
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'c1',
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: b.text }, finish_reason: finish }],
          usage,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers a Prism prompt with one SEARCH/REPLACE edit that improves the naive seed step by step. */
export function prismImprover(prompt: string): string {
  const steps: [string, string][] = [
    ['  return gpu;', '  return load / free;'],
    ['  return load / free;', '  return (load + model.reqRate / model.slo) / (free - model.modelSize);'],
  ];
  const program = /# Current program[^\n]*\n\n```ts\n([\s\S]*?)\n```/.exec(prompt)?.[1] ?? '';
  const step = steps.find(([from]) => program.includes(from)) ?? steps[0]!;
  return `Prefer GPUs with less pressure.\n\n\`\`\`\n<<<<<<< SEARCH\n${step[0]}\n=======\n${step[1]}\n>>>>>>> REPLACE\n\`\`\`\n`;
}
