// `casebot kb check | head -3`, `npm start < story | head`: a reader that stops early is normal in
// a pipeline. Output nobody reads is dropped, and the program ends as it would have (its own exit
// status), without an EPIPE stack trace.
export function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
