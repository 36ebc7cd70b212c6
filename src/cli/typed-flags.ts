/** The arguments of the command line being run (main sets them), so a command can tell a typed flag from a default. */
let args: readonly string[] = process.argv.slice(2);

export function setCommandLine(line: readonly string[]): void {
  args = line;
}

/** Whether `--flag` was typed on the command line (yargs cannot tell it from a default). */
export const typedOnCommandLine = (flag: string): boolean => args.some((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
