// The built `tillid` command's entry (scripts/build.mjs bundles it to dist/cli/tillid.mjs).
import { runCli } from './main';

await runCli(process.argv);
