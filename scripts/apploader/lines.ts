// Every line the App Loader packages' interface page (assets/apploader/interface.ts)
// has the device run, in one place: each is run by the Espruino interpreter,
// not by the browser, so each must pass the interpreter gate
// (test/apploader.test.ts checks them all).
//
// The page talks through the loader's interface API, whose Puck.eval(expr)
// sends `<console>.println(JSON.stringify(<expr>))` and answers with the last
// line the device printed, parsed as JSON; an answer that is not JSON (an
// "Uncaught Error: ..." from a command that throws) is shown by the loader as a
// toast and never reaches the page. So every expression here is one that
// cannot throw: a pacer command's error comes back as a value.
import { LOG_PREFIX, LOG_SLOTS, PROTOCOL_FILE, SETTINGS_FILE } from '../../firmware/files';
import { Settings } from '../../firmware/core/types';
import { PROTOCOL_STAGING, pushLine } from '../../web/real/device-lines';

export { PROTOCOL_STAGING };
/** The files the page reads (Util.readStorage): the settings and the protocol in force. */
export { PROTOCOL_FILE, SETTINGS_FILE };

if (LOG_SLOTS > 10) throw new Error('LOG_LINE lists slots 0-9 with one digit');
/** The log ring's files that are there (pacer.log0 .. pacer.log9): the page then reads each with Util.readStorage. */
export const LOG_LIST_LINE = `require("Storage").list(/^${LOG_PREFIX.replace('.', '\\.')}\\d$/)`;

/** The pacer's status and build id, or null when no pacer runs (the app is installed but not started). */
export const STATUS_LINE = 'typeof pacer=="object"?[pacer.status(),pacer.build]:null';

/**
 * Starts the installed pacer: the Bangle.js 2 app file (a launcher app runs only when opened),
 * or the boot code on a board whose pacer is .bootcde (the loader's reset() leaves it stopped).
 * Sent with Puck.write, echo off: the interpreter restarts after the line.
 */
export function startLine(appFile: string | null): string {
  return `\x10load(${appFile === null ? '' : JSON.stringify(appFile)})\n`;
}

/**
 * The web page's push line (web/real/device-lines.ts pushLine: settings, then protocol, the
 * settings put back if the protocol is refused), answering [1,[settings,protocolId]], or
 * [0,"why"] when the pacer refuses.
 * `proto`: a built-in's id, or the Storage file PROTOCOL_STAGING the custom protocol was written to.
 */
export function pushAnswerLine(settings: Settings, proto: { builtIn: string } | { file: string }): string {
  const arg = JSON.stringify('builtIn' in proto ? proto.builtIn : proto.file);
  return `(function(){try{return[1,${pushLine(settings, arg)}]}catch(e){return[0,""+(e.message||e)]}})()`;
}
