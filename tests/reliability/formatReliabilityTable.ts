export interface Cell {
  fault: string
  kind: string
  outcome: string
  /** uni.login calls the fault caused. */
  logins: number
  /**
   * Times the server ran the action (null for downloads, which change nothing), or 'resent' where
   * the client sent it again with the same key: whether the test server had already acted on the
   * interrupted first send is a matter of timing, so the count is not part of the table.
   */
  performed: number | 'resent' | null
  recovered: boolean
}

/** The text of docs/reliability.md for one run of the fault matrix. */
export function formatReliabilityTable(cells: Cell[], kinds: string[]): string {
  const faults = [...new Set(cells.map((cell) => cell.fault))]
  const show = (cell: Cell | undefined) =>
    cell
      ? `${cell.outcome} · ${cell.logins} login${cell.logins === 1 ? '' : 's'}${cell.performed === null ? '' : cell.performed === 'resent' ? ' · sent again, same key' : ` · ran ${cell.performed}×`}${cell.recovered ? ' · recovers' : ''}`
      : 'not run'
  const rows = faults.map(
    (fault) => `| ${fault} | ${kinds.map((kind) => show(cells.find((c) => c.fault === fault && c.kind === kind))).join(' | ')} |`,
  )
  return `# Reliability: the fault matrix

Written by \`npm run reliability\` from a run of \`tests/reliability/faultMatrix.test.ts\`; do not edit by hand. \`npm test\` runs the same matrix and fails when this table no longer matches it.

Each cell is one fault injected into one kind of call against the real test server, through the Node uni runtime.
The invariants checked in every cell:
- the promise settles with the outcome shown (a \`ReloginError\` code, or \`resolved\`);
- the store ends consistent (every login ends, and there is a token whenever its status is \`authenticated\`);
- the server ran the action at most once, and exactly once when the call resolved ("ran N×" counts runs of that call's idempotency key); where the client itself sends a call again (interrupted in the background, or \`retry\`), it is "sent again, same key": at most two runs on this test server, which an idempotent backend such as the sample's answers from its record;
- once the fault is gone, the next call succeeds ("recovers").

"N logins" counts the \`uni.login\` calls that the fault caused.

| fault | ${kinds.join(' | ')} |
|---|${kinds.map(() => '---').join('|')}|
${rows.join('\n')}

${cells.length} cells.
`
}
