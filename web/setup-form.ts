// The protocol and settings form, shared by both halves of the page. Checked
// by the device's own validator (firmware/core/validate.ts): each error is
// shown next to its field, with the field's name and the reason, exactly as
// the pacer's console would refuse it. Nothing invalid reaches either pacer.
// A custom protocol is built in the phase editor (editor/editor.ts) or typed
// as JSON: the two stay in step, and whichever was changed last is checked.
import { PROTOCOLS } from '../firmware/core/library';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { Protocol, Settings } from '../firmware/core/types';
import { FieldError, validateProtocol, validateSettings, withDefaults } from '../firmware/core/validate';
import { numberOrText } from './editor/draft';
import { PhaseEditor } from './editor/editor';
import { fillRanges } from './ranges';
import { SAMPLE_PROTOCOL } from './sample-protocol';

export interface Setup {
  protocol: Protocol;
  /** A built-in, pushed by its id; a custom one is pushed whole. */
  builtIn: boolean;
  settings: Settings;
}

const NUMBER_KEYS = ['ppm', 'pushMs', 'strength', 'accentEvery', 'idleOffMin'] as const;
const BOOL_KEYS = ['led', 'haptic', 'leadIn', 'autoAdvance'] as const;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export class SetupForm {
  private readonly select = $<HTMLSelectElement>('f-protocol');
  private readonly custom = $<HTMLTextAreaElement>('f-custom');
  /** The custom protocol's phase editor; the JSON box follows it (and it follows the JSON box). */
  readonly editor: PhaseEditor;

  constructor() {
    fillRanges($('setup-form'));
    for (const k of NUMBER_KEYS) $<HTMLInputElement>(`f-${k}`).value = String(DEFAULT_SETTINGS[k]);
    for (const k of BOOL_KEYS) $<HTMLInputElement>(`f-${k}`).checked = DEFAULT_SETTINGS[k];
    this.editor = new PhaseEditor($('editor'), this.custom, SAMPLE_PROTOCOL, () => this.read());
    this.select.addEventListener('change', () => {
      $('custom-wrap').hidden = this.select.value !== 'custom';
      this.read();
    });
    $('setup-form').addEventListener('input', () => this.read());
  }

  /** The form's protocol and settings if valid; otherwise null, with every error shown at its field. */
  read(): Setup | null {
    const settings: Record<string, unknown> = {};
    for (const k of NUMBER_KEYS) settings[k] = numberOrText($<HTMLInputElement>(`f-${k}`).value);
    for (const k of BOOL_KEYS) settings[k] = $<HTMLInputElement>(`f-${k}`).checked;
    const settingErrors = validateSettings(settings, false);
    this.showSettingErrors(settingErrors);

    let protocol: Protocol | null = null;
    const protocolErrors: FieldError[] = [];
    const builtIn = this.select.value !== 'custom';
    if (builtIn) protocol = PROTOCOLS[this.select.value];
    else {
      const c = this.editor.candidate();
      if ('notJson' in c) protocolErrors.push({ path: '', reason: `not JSON: ${c.notJson}` });
      else {
        protocolErrors.push(...validateProtocol(c.value));
        if (!protocolErrors.length) protocol = withDefaults(c.value as Protocol);
      }
      this.editor.showErrors(protocolErrors);
    }
    this.showProtocolErrors(protocolErrors);

    const n = settingErrors.length + protocolErrors.length;
    $('setup-summary').textContent = n
      ? `${n} problem${n > 1 ? 's' : ''} to fix: nothing is sent until the form is valid.`
      : `${protocol?.name} (${protocol?.phases.length} phases), ${settings.ppm} pumps a minute.`;
    return n || !protocol ? null : { protocol, builtIn, settings: settings as unknown as Settings };
  }

  private showSettingErrors(errors: FieldError[]): void {
    for (const k of NUMBER_KEYS) {
      const e = errors.find((x) => x.path === k);
      $(`err-${k}`).textContent = e ? `${k}: ${e.reason}` : '';
      $(`f-${k}`).setAttribute('aria-invalid', String(Boolean(e)));
    }
  }

  private showProtocolErrors(errors: FieldError[]): void {
    const list = $('err-protocol');
    list.replaceChildren(...errors.map((e) => {
      const li = document.createElement('li');
      li.textContent = (e.path ? `${e.path}: ` : 'protocol: ') + e.reason;
      return li;
    }));
    this.custom.setAttribute('aria-invalid', String(errors.length > 0));
  }
}
