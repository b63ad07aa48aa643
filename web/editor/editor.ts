// The phase editor: a custom protocol built with fields and buttons, never
// typed as JSON (the JSON box stays, for those who want it, in step with the
// editor both ways). It holds the draft (draft.ts) and draws it; the setup
// form (setup-form.ts) asks it for the protocol, checks it with the device's
// own validator, and hands the errors back: each is shown at its field, in
// the validator's words.
import { PROTOCOLS } from '../../firmware/core/library';
import { MAX_COUNTDOWN, MAX_POSITION_CHARS, MAX_POSITIONS, MAX_PROTOCOL_BYTES, TARGET_MS_MAX, TARGET_MS_MIN } from '../../firmware/core/limits';
import { Protocol } from '../../firmware/core/types';
import { FieldError } from '../../firmware/core/validate';
import { autoPhaseId, blankProtocol, End, fromProtocol, newPhase, PhaseDraft, ProtocolDraft, slug, toProtocol } from './draft';

/** A file bigger than this is not a protocol (the device holds 2 kB of JSON). */
const MAX_FILE_BYTES = 64 * 1024;

type El = HTMLElement;

/** An element with attributes and children: the editor's cards are built, not templated from strings. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {}, ...kids: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...kids);
  return e;
}

/** The phase fields that have an input of their own (positions and the end are drawn apart). */
const TEXT_FIELDS = ['name', 'id', 'guide', 'minutes', 'pumps', 'ppm', 'pushMs', 'countdown'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** Where a validator key is shown: targetMs is typed as minutes. */
const FIELD_OF: Record<string, TextField | 'positions' | 'end'> = {
  id: 'id', name: 'name', guide: 'guide', ppm: 'ppm', pushMs: 'pushMs', targetMs: 'minutes', pumps: 'pumps', countdown: 'countdown', positions: 'positions',
};

export class PhaseEditor {
  private draft: ProtocolDraft;
  /** Which of the two the therapist changed last: it is the protocol (the other follows it). */
  private source: 'editor' | 'json' = 'editor';
  private readonly body: HTMLFieldSetElement;
  private readonly list: HTMLOListElement;
  private readonly note: El;
  private readonly pName: HTMLInputElement;
  private readonly pId: HTMLInputElement;

  constructor(private readonly root: El, private readonly json: HTMLTextAreaElement, initial: unknown, private readonly changed: () => void) {
    const start = h('select', { id: 'ed-start', 'aria-label': 'Start again from' },
      h('option', { value: '' }, 'Start again from…'),
      h('option', { value: 'blank' }, 'a blank protocol'),
      ...Object.values(PROTOCOLS).map((p) => h('option', { value: p.id }, `a copy of ${p.name || p.id}`)));
    const file = h('input', { type: 'file', id: 'ed-file', accept: '.json,application/json,text/plain', class: 'sr-only' });
    this.pName = h('input', { id: 'ed-name', autocomplete: 'off', 'aria-describedby': 'ed-err-name' });
    this.pId = h('input', { id: 'ed-id', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'ed-err-id' });
    this.list = h('ol', { id: 'ed-phases', class: 'phases' });
    this.note = h('p', { id: 'ed-note', class: 'ed-note', role: 'status' });
    this.body = h('fieldset', { id: 'ed-body', class: 'ed-body' },
      h('legend', { class: 'sr-only' }, 'The protocol'),
      h('div', { class: 'ed-head' },
        h('div', { class: 'field' }, h('label', { for: 'ed-name' }, 'Protocol name'), this.pName, h('span', { class: 'field-error', id: 'ed-err-name' })),
        h('div', { class: 'field' }, h('label', { for: 'ed-id' }, 'Protocol id (a-z, 0-9 and -: it names the file)'), this.pId, h('span', { class: 'field-error', id: 'ed-err-id' }))),
      h('p', { class: 'field-error', id: 'ed-err-phases' }),
      this.list,
      h('div', { class: 'ed-foot' }, h('button', { type: 'button', id: 'ed-add' }, 'Add phase'), h('span', { class: 'field-error', id: 'ed-err-other' })));
    root.replaceChildren(
      h('div', { class: 'ed-tools' },
        start, h('button', { type: 'button', id: 'ed-start-go', class: 'secondary' }, 'Start'),
        h('button', { type: 'button', id: 'ed-download', class: 'secondary' }, 'Download file'),
        h('label', { for: 'ed-file', class: 'button secondary', tabindex: '0', id: 'ed-load' }, 'Load a file…'), file),
      h('p', { class: 'ed-help' },
        'A phase ends after a time (minutes: the target cue, then the pacing goes on until the button) or after a count of pumps (it ends by itself). ',
        'Tempo and push left empty follow the settings below. Countdown: a counted phase\'s last pumps, counted down. ',
        'Positions: where the hands work in turn (front, side, back); the position cue marks each move.'),
      this.note,
      this.body);

    const d = fromProtocol(initial);
    this.draft = typeof d === 'string' ? blankProtocol() : d;
    this.render();
    this.writeJson();

    this.pName.addEventListener('input', () => {
      this.draft.name = this.pName.value;
      if (this.draft.idAuto) this.pId.value = this.draft.id = slug(this.draft.name);
      this.edited();
    });
    this.pId.addEventListener('input', () => {
      this.draft.id = this.pId.value;
      this.draft.idAuto = this.pId.value.trim() === '';
      this.edited();
    });
    this.list.addEventListener('input', (e) => this.fieldInput(e.target as HTMLInputElement));
    this.list.addEventListener('click', (e) => {
      const b = (e.target as El).closest('button');
      if (b && b.dataset.act) this.act(b);
    });
    $(root, '#ed-add').addEventListener('click', () => {
      this.draft.phases.push(newPhase(this.draft.phases.length + 1));
      const i = this.draft.phases.length - 1;
      this.draft.phases[i].id = autoPhaseId(this.draft, i);
      this.structural(i, 'name');
    });
    $(root, '#ed-start-go').addEventListener('click', () => {
      const v = start.value;
      if (!v) return;
      this.load(v === 'blank' ? blankProtocol() : (fromProtocol(JSON.parse(JSON.stringify(PROTOCOLS[v]))) as ProtocolDraft));
      start.value = '';
      this.showNote(v === 'blank' ? 'A blank protocol: name it, then add its phases.' : `A copy of ${PROTOCOLS[v].name}: change what you need, and give it an id of its own, so that its sessions are not taken for the built-in's in the log.`);
    });
    $(root, '#ed-download').addEventListener('click', () => this.download());
    $(root, '#ed-load').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        file.click();
      }
    });
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f) void this.loadFile(f);
    });
    json.addEventListener('input', () => this.jsonInput());
  }

  /** What to check: the editor's protocol, or the JSON box as typed (parsed), or why the JSON is not JSON. */
  candidate(): { value: unknown } | { notJson: string } {
    if (this.source === 'editor') return { value: toProtocol(this.draft) };
    try {
      return { value: JSON.parse(this.json.value) };
    } catch (e) {
      return { notJson: (e as Error).message };
    }
  }

  /** The editor's draft as the protocol format (tests, and the start-from copies). */
  protocol(): Protocol {
    return toProtocol(this.draft);
  }

  /** Each validator error at its field (the others cleared). */
  showErrors(errors: FieldError[]): void {
    for (const e of this.root.querySelectorAll<El>('.field-error')) e.textContent = '';
    for (const e of this.root.querySelectorAll<El>('[aria-invalid="true"]')) e.setAttribute('aria-invalid', 'false');
    const say = (el: El | null, text: string) => {
      if (el) el.textContent = el.textContent ? `${el.textContent}\n${text}` : text;
    };
    for (const { path, reason } of errors) {
      if (path === 'id' || path === 'name') {
        say($(this.root, `#ed-err-${path}`), `${path}: ${reason}`);
        (path === 'id' ? this.pId : this.pName).setAttribute('aria-invalid', 'true');
        continue;
      }
      if (path === 'phases') {
        say($(this.root, '#ed-err-phases'), `phases: ${reason}`);
        continue;
      }
      const m = /^phases\[(\d+)\](?:\.([A-Za-z]+)(?:\[(\d+)\])?)?/.exec(path);
      const card = m ? this.list.children[Number(m[1])] as El | undefined : undefined;
      if (!m || !card) {
        say($(this.root, '#ed-err-other'), path ? `${path}: ${reason}` : reason);
        continue;
      }
      const field = m[2] ? FIELD_OF[m[2]] : 'end';
      if (!field) {
        // a key the editor has no field for (from a file or the JSON box)
        say(card.querySelector<El>('[data-err="end"]'), `${path.replace(/^phases\[\d+\]\./, '')}: ${reason}`);
        continue;
      }
      const key = path.replace(/^phases\[\d+\]\.?/, '');
      say(card.querySelector<El>(`[data-err="${field}"]`), key ? `${key}: ${reason}${field === 'minutes' && / out of range /.test(reason) ? ` (in minutes: ${TARGET_MS_MIN / 1000} s to ${TARGET_MS_MAX / 60000} min)` : ''}` : reason);
      if (field === 'positions' && m[3] !== undefined) card.querySelector(`[data-f="pos"][data-k="${m[3]}"]`)?.setAttribute('aria-invalid', 'true');
      else if (field === 'end') card.querySelector('.ph-end')?.setAttribute('aria-invalid', 'true');
      else card.querySelector(`[data-f="${field === 'positions' ? 'pos' : field}"]`)?.setAttribute('aria-invalid', 'true');
    }
  }

  // ---- drawing ----

  private render(): void {
    this.pName.value = this.draft.name;
    this.pId.value = this.draft.id;
    this.list.replaceChildren(...this.draft.phases.map((p, i) => this.card(p, i)));
    const extra = Object.keys(this.draft.extra);
    if (extra.includes('cues')) this.showNote('This protocol has cue patterns of its own: they are kept as they are (change them in the JSON below).', 'info', true);
  }

  private card(p: PhaseDraft, i: number): HTMLLIElement {
    const n = this.draft.phases.length;
    const id = (f: string) => `ed-${i}-${f}`;
    const input = (f: TextField, attrs: Record<string, string> = {}) =>
      h('input', { id: id(f), 'data-f': f, value: p[f], autocomplete: 'off', 'aria-describedby': id(`${f}-err`), ...attrs });
    const err = (f: string) => h('span', { class: 'field-error', 'data-err': f, id: id(`${f}-err`) });
    const field = (f: TextField, label: string, attrs: Record<string, string> = {}, cls = '') =>
      h('div', { class: `field ${cls}` }, h('label', { for: id(f) }, label), input(f, attrs), err(f));
    const radio = (end: End, label: string) => h('label', { class: 'check' },
      h('input', { type: 'radio', name: id('end'), value: end, 'data-f': 'end', checked: p.end === end, id: id(end) }), label);
    const positions = h('div', { class: 'field ph-positions' },
      h('span', { class: 'label', id: id('pos-label') }, `Positions (2–${MAX_POSITIONS})`),
      h('div', { class: 'pos-list' },
        ...p.positions.map((name, k) => h('span', { class: 'pos' },
          h('input', { 'data-f': 'pos', 'data-k': String(k), value: name, size: '9', maxlength: String(MAX_POSITION_CHARS + 8), 'aria-label': `Phase ${i + 1} position ${k + 1}`, autocomplete: 'off', id: id(`pos${k}`) }),
          h('button', { type: 'button', class: 'icon', 'data-act': 'del-pos', 'data-k': String(k), 'aria-label': `Remove position ${k + 1} of phase ${i + 1}`, title: 'Remove this position' }, '×'))),
        h('button', { type: 'button', class: 'secondary small', 'data-act': 'add-pos', disabled: p.positions.length >= MAX_POSITIONS }, 'Add position')),
      err('positions'));
    return h('li', { class: 'phase', 'data-i': String(i), 'aria-label': `Phase ${i + 1}` },
      h('div', { class: 'ph-top' },
        h('span', { class: 'ph-num', 'aria-hidden': 'true' }, String(i + 1)),
        field('name', 'Name', {}, 'ph-name'),
        field('guide', 'Guidance (one line, read during the phase)', {}, 'ph-guide'),
        field('id', 'Id (in the log and CSV)', { spellcheck: 'false' }, 'ph-id'),
        h('div', { class: 'ph-move' },
          h('button', { type: 'button', class: 'icon', 'data-act': 'up', disabled: i === 0, 'aria-label': `Move phase ${i + 1} up`, title: 'Move up' }, '↑'),
          h('button', { type: 'button', class: 'icon', 'data-act': 'down', disabled: i === n - 1, 'aria-label': `Move phase ${i + 1} down`, title: 'Move down' }, '↓'),
          h('button', { type: 'button', class: 'secondary small', 'data-act': 'remove', 'aria-label': `Remove phase ${i + 1}` }, 'Remove'))),
      h('div', { class: 'ph-grid' },
        h('div', { class: 'ph-end field', role: 'group', 'aria-label': `How phase ${i + 1} ends`, 'data-end': p.end },
          h('span', { class: 'label' }, 'Ends'),
          h('div', { class: 'ends' },
            h('div', { class: 'end-opt timed' }, radio('timed', 'Timed'), h('input', { id: id('minutes'), 'data-f': 'minutes', value: p.minutes, inputmode: 'decimal', size: '5', 'aria-label': `Phase ${i + 1} minutes`, autocomplete: 'off' }), h('span', {}, 'min')),
            h('div', { class: 'end-opt counted' }, radio('counted', 'Counted'), h('input', { id: id('pumps'), 'data-f': 'pumps', value: p.pumps, inputmode: 'numeric', size: '5', 'aria-label': `Phase ${i + 1} pumps`, autocomplete: 'off' }), h('span', {}, 'pumps'))),
          err('end'), err('minutes'), err('pumps')),
        field('ppm', 'Tempo (pumps/min)', { placeholder: 'the setting', inputmode: 'decimal', size: '8' }, 'ph-num-field'),
        field('pushMs', 'Push (ms)', { placeholder: 'the setting', inputmode: 'numeric', size: '8' }, 'ph-num-field'),
        field('countdown', `Countdown (1–${MAX_COUNTDOWN})`, { placeholder: 'none', inputmode: 'numeric', size: '6' }, 'ph-num-field'),
        positions));
  }

  // ---- changes ----

  private fieldInput(t: HTMLInputElement): void {
    const li = t.closest<HTMLLIElement>('li.phase');
    if (!li) return;
    const i = Number(li.dataset.i);
    const p = this.draft.phases[i];
    const f = t.dataset.f;
    if (f === 'end') {
      p.end = t.value as End;
      li.querySelector<El>('.ph-end')!.dataset.end = p.end;
    } else if (f === 'pos') {
      p.positions[Number(t.dataset.k)] = t.value;
    } else if (f && (TEXT_FIELDS as readonly string[]).includes(f)) {
      p[f as TextField] = t.value;
      if (f === 'name' && p.idAuto) {
        p.id = autoPhaseId(this.draft, i);
        li.querySelector<HTMLInputElement>('[data-f="id"]')!.value = p.id;
      }
      if (f === 'id') p.idAuto = t.value.trim() === '';
      // typing an amount chooses that end
      if ((f === 'minutes' || f === 'pumps') && p.end !== (f === 'minutes' ? 'timed' : 'counted')) {
        p.end = f === 'minutes' ? 'timed' : 'counted';
        li.querySelector<HTMLInputElement>(`input[data-f="end"][value="${p.end}"]`)!.checked = true;
        li.querySelector<El>('.ph-end')!.dataset.end = p.end;
      }
    }
    this.edited();
  }

  private act(b: HTMLButtonElement): void {
    const li = b.closest<HTMLLIElement>('li.phase');
    if (!li) return;
    const i = Number(li.dataset.i);
    const list = this.draft.phases;
    const p = list[i];
    switch (b.dataset.act) {
      case 'up':
      case 'down': {
        const j = b.dataset.act === 'up' ? i - 1 : i + 1;
        if (j < 0 || j >= list.length) return;
        [list[i], list[j]] = [list[j], list[i]];
        // the button follows its phase (unless it is now at the end, where it is disabled)
        const at = (j === 0 && b.dataset.act === 'up') || (j === list.length - 1 && b.dataset.act === 'down') ? null : `[data-act="${b.dataset.act}"]`;
        this.structural(j, at);
        return;
      }
      case 'remove':
        list.splice(i, 1);
        this.structural(Math.min(i, list.length - 1), null);
        return;
      case 'add-pos':
        if (p.positions.length >= MAX_POSITIONS) return;
        p.positions.push('');
        this.structural(i, `[data-f="pos"][data-k="${p.positions.length - 1}"]`);
        return;
      case 'del-pos':
        p.positions.splice(Number(b.dataset.k), 1);
        this.structural(i, '[data-act="add-pos"]');
        return;
    }
  }

  /** The list changed shape: drawn again, the focus put back where the therapist works (card i). */
  private structural(i: number, focus: string | null): void {
    this.render();
    const card = this.list.children[i] as El | undefined;
    const target = card && (focus ? card.querySelector<El>(focus.startsWith('[') || focus.startsWith('.') ? focus : `[data-f="${focus}"]`) : card.querySelector<El>('[data-f="name"]'));
    (target ?? $(this.root, '#ed-add')).focus();
    this.edited();
  }

  /** The editor is now the protocol: the JSON box follows it. */
  private edited(): void {
    if (this.note.dataset.sticky !== 'true') this.showNote('');
    this.source = 'editor';
    this.writeJson();
    this.changed();
  }

  private writeJson(): void {
    this.json.value = JSON.stringify(toProtocol(this.draft), null, 2);
  }

  private load(d: ProtocolDraft): void {
    this.draft = d;
    this.body.disabled = false;
    this.showNote('');
    this.render();
    this.edited();
  }

  /** A line above the editor; one that is not `sticky` goes with the next edit. */
  private showNote(text: string, kind: 'info' | 'error' = 'info', sticky = false): void {
    this.note.textContent = text;
    this.note.dataset.kind = kind;
    this.note.dataset.sticky = String(sticky);
  }

  /** The JSON box was typed in: the editor follows it if it can show it; else it waits, disabled, saying why. */
  private jsonInput(): void {
    this.source = 'json';
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.json.value);
    } catch {
      this.body.disabled = true;
      this.showNote('The JSON below is not JSON yet: the editor shows it again once it is.', 'error');
      return;
    }
    const d = fromProtocol(parsed);
    if (typeof d === 'string') {
      this.body.disabled = true;
      this.showNote(`The JSON below cannot be shown in the editor: ${d}.`, 'error');
      return;
    }
    this.draft = d;
    this.body.disabled = false;
    this.showNote('');
    this.render();
  }

  private async loadFile(f: File): Promise<void> {
    if (f.size > MAX_FILE_BYTES) {
      this.showNote(`${f.name} is ${f.size} bytes: not a protocol (the pacer holds ${MAX_PROTOCOL_BYTES} bytes of JSON). Nothing was loaded.`, 'error');
      return;
    }
    this.json.value = await f.text();
    this.jsonInput();
    if (!this.body.disabled) this.showNote(`Loaded ${f.name}.`);
    else this.showNote(`${f.name}: ${this.note.textContent}`, 'error');
    this.changed();
  }

  /** The protocol as a file (what the JSON box holds: the editor's protocol, or the JSON as typed). */
  private download(): void {
    const id = slug(this.pId.value) === this.pId.value.trim() && this.pId.value.trim() ? this.pId.value.trim() : 'protocol';
    const url = URL.createObjectURL(new Blob([this.json.value.endsWith('\n') ? this.json.value : this.json.value + '\n'], { type: 'application/json' }));
    const a = h('a', { href: url, download: `${id}.json`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}

function $(root: El, sel: string): El {
  return root.querySelector(sel) as El;
}
