import { type Api, ApiError, type Catalog, createApi, type Proposal } from './api';
import { emit, h, isoDate, store } from './dom';
import { stringsFor } from './strings';
import { STYLE } from './style';

const DEFAULT_ACCENT = '#4338ca';
const POLL_MS = 2000;
const OPEN_STATUSES = ['BOOKING', 'AWAITING_PAYMENT'];
const CHAT_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';

interface Saved {
  sessionId: string;
  proposalId: string;
}

/** One widget for one script tag: `data-tenant-key`, `data-mode`, `data-target`, `data-accent`, `data-locale`, `data-name`, `data-email`. */
export function mount(script: HTMLScriptElement): void {
  const o = script.dataset;
  const key = o.tenantKey;
  if (!key) return;
  const inline = o.mode === 'inline';
  const t = stringsFor(o.locale);
  const locale = o.locale || 'en';
  const api: Api = createApi(new URL(script.src).origin, key, t);
  const saved = store<Saved>(`booking-widget:${key}:${inline ? 'inline' : 'launcher'}`);
  let state = saved.load();

  const host = h('div');
  const target = inline ? document.querySelector(o.target ?? '') : document.body;
  (target ?? document.body).append(host);
  const root = host.attachShadow({ mode: 'open' });
  const accent = o.accent && CSS.supports('color', o.accent) ? o.accent : DEFAULT_ACCENT;
  host.style.setProperty('--accent', accent);

  // ---- chat ----
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.chat });
  const typing = h('p', { class: 'muted', role: 'status', hidden: true }, t.typing);
  const messageInput = h('input', { 'aria-label': t.message, maxlength: '2000', autocomplete: 'off' });
  const sendButton = h('button', { class: 'primary', type: 'submit' }, t.send);
  const chatForm = h('form', { onsubmit: (e) => (e.preventDefault(), void sendChat()) }, h('div', { class: 'row' }, messageInput, sendButton));
  const chatPanel = h('div', { role: 'tabpanel', id: 'p-chat', 'aria-labelledby': 't-chat' }, log, typing, chatForm);

  // ---- direct form ----
  const serviceSelect = h('select', { required: true });
  const monthLabel = h('span', { 'aria-live': 'polite' });
  const prevButton = h('button', { type: 'button', class: 'ghost', 'aria-label': t.prevMonth, onclick: () => shiftMonth(-1) }, '‹');
  const nextButton = h('button', { type: 'button', class: 'ghost', 'aria-label': t.nextMonth, onclick: () => shiftMonth(1) }, '›');
  const grid = h('div', { class: 'grid' });
  const nameInput = h('input', { autocomplete: 'name', required: true, maxlength: '120', value: o.name ?? '' });
  const emailInput = h('input', { type: 'email', autocomplete: 'email', required: true, maxlength: '254', value: o.email ?? '' });
  const proposeButton = h('button', { class: 'primary', type: 'submit' }, t.propose);
  const formNote = h('p', { class: 'muted', hidden: true }, t.chatOff);
  const directForm = h(
    'form',
    { onsubmit: (e) => (e.preventDefault(), void propose()) },
    h('label', {}, t.service, serviceSelect),
    h('fieldset', {}, h('legend', {}, t.date), h('div', { class: 'nav' }, prevButton, monthLabel, nextButton), grid),
    h('label', {}, t.name, nameInput),
    h('label', {}, t.email, emailInput),
    proposeButton,
  );
  const formPanel = h('div', { role: 'tabpanel', id: 'p-form', 'aria-labelledby': 't-form', hidden: true }, formNote, directForm);

  // ---- tabs, errors, card ----
  const chatTab = h('button', { type: 'button', role: 'tab', id: 't-chat', 'aria-controls': 'p-chat', 'aria-selected': 'true', onclick: () => showTab(false) }, t.chat);
  const formTab = h('button', { type: 'button', role: 'tab', id: 't-form', 'aria-controls': 'p-form', 'aria-selected': 'false', onclick: () => showTab(true) }, t.direct);
  const alertText = h('span');
  const retryButton = h('button', { type: 'button', class: 'ghost' }, t.retry);
  const alertBox = h('div', { class: 'alert', role: 'alert', hidden: true }, alertText, retryButton);
  const cardSlot = h('div');
  const closeButton = h('button', { type: 'button', class: 'ghost', 'aria-label': t.close, onclick: () => close() }, '✕');
  const panel = h(
    'div',
    inline ? { class: 'panel', role: 'region', 'aria-label': t.title } : { class: 'panel float', role: 'dialog', 'aria-modal': 'true', 'aria-label': t.title, hidden: true },
    h('header', {}, h('h2', {}, t.title), inline ? '' : closeButton),
    h('div', { class: 'body' }, h('div', { role: 'tablist' }, chatTab, formTab), alertBox, chatPanel, formPanel, cardSlot),
  );
  const launcher = h('button', { class: 'launcher', type: 'button', 'aria-label': t.open, 'aria-expanded': 'false', onclick: () => open() });
  launcher.innerHTML = CHAT_ICON;
  root.append(h('style', {}, STYLE), ...(inline ? [] : [launcher]), panel);

  // ---- behaviour ----
  let catalog: Catalog | undefined;
  let month = new Date(new Date().getFullYear(), new Date().getMonth(), 1);
  let pickedDate = '';
  let pollTimer = 0;
  let paidEmitted = false;
  let monthShown = 0;

  function fail(error: unknown, retry?: () => void): void {
    alertText.textContent = error instanceof ApiError ? error.message : t.errServer;
    retryButton.hidden = !retry;
    retryButton.onclick = () => ((alertBox.hidden = true), retry?.());
    alertBox.hidden = false;
  }
  const clearError = () => (alertBox.hidden = true);

  function showTab(form: boolean): void {
    chatTab.setAttribute('aria-selected', String(!form));
    formTab.setAttribute('aria-selected', String(form));
    chatPanel.hidden = form;
    formPanel.hidden = !form;
    if (form && !catalog) void loadForm();
  }

  function addMessage(role: string, text: string): HTMLElement {
    const bubble = h('div', { class: `msg ${role === 'user' ? 'user' : 'assistant'}` }, text);
    bubble.setAttribute('aria-label', `${role === 'user' ? t.you : t.assistant}: ${text}`);
    log.append(bubble);
    log.scrollTop = log.scrollHeight;
    return bubble;
  }

  async function sendChat(): Promise<void> {
    const text = messageInput.value.trim();
    if (!text || sendButton.disabled) return;
    clearError();
    const bubble = addMessage('user', text);
    typing.hidden = false;
    sendButton.disabled = true;
    try {
      const reply = await api.chat(text, state.sessionId);
      messageInput.value = '';
      remember({ sessionId: reply.sessionId });
      addMessage('assistant', reply.message);
      if (reply.proposal) showProposal(reply.proposal, true);
    } catch (error) {
      bubble.remove();
      if (error instanceof ApiError && error.code === 'LLM_UNAVAILABLE') {
        chatTab.hidden = true;
        formNote.hidden = false;
        showTab(true);
      } else fail(error, () => void sendChat());
    } finally {
      typing.hidden = true;
      sendButton.disabled = false;
    }
  }

  async function loadForm(): Promise<void> {
    clearError();
    try {
      catalog = await api.catalog();
      serviceSelect.replaceChildren(...catalog.packages.map((p) => h('option', { value: p.id }, `${p.name} (${money(p.priceCents, p.currency)})`)));
      await renderMonth();
    } catch (error) {
      catalog = undefined;
      fail(error, () => void loadForm());
    }
  }

  function money(minor: number, currency: string): string {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  }

  function shiftMonth(step: number): void {
    month = new Date(month.getFullYear(), month.getMonth() + step, 1);
    void renderMonth();
  }

  async function renderMonth(): Promise<void> {
    const year = month.getFullYear();
    const m = month.getMonth();
    const days = new Date(year, m + 1, 0).getDate();
    const now = new Date();
    prevButton.disabled = year === now.getFullYear() && m === now.getMonth();
    monthLabel.textContent = month.toLocaleDateString(locale, { month: 'long', year: 'numeric' });
    const request = (monthShown += 1);
    const { dates } = await api.availability(isoDate(year, m, 1), isoDate(year, m, days));
    // A quicker click on another month made this answer stale.
    if (request !== monthShown) return;
    const open = new Set(dates.filter((d) => d.available).map((d) => d.date));
    const cells: Array<Node> = [];
    for (let d = 0; d < 7; d += 1) cells.push(h('span', { 'aria-hidden': 'true' }, new Date(2024, 0, 1 + d).toLocaleDateString(locale, { weekday: 'narrow' })));
    for (let i = 0; i < (new Date(year, m, 1).getDay() + 6) % 7; i += 1) cells.push(h('span'));
    for (let day = 1; day <= days; day += 1) {
      const iso = isoDate(year, m, day);
      const long = new Date(year, m, day).toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long' });
      cells.push(
        h(
          'button',
          { type: 'button', class: 'day', 'data-date': iso, 'aria-label': long, 'aria-pressed': String(iso === pickedDate), disabled: !open.has(iso), onclick: () => pick(iso) },
          String(day),
        ),
      );
    }
    grid.replaceChildren(...cells);
  }

  function pick(iso: string): void {
    pickedDate = iso;
    grid.querySelectorAll('.day').forEach((b) => b.setAttribute('aria-pressed', String(b.getAttribute('data-date') === iso)));
  }

  async function propose(): Promise<void> {
    if (!pickedDate) return fail(new ApiError(0, '', t.pickDate));
    clearError();
    proposeButton.disabled = true;
    try {
      const proposal = await api.propose({
        sessionId: state.sessionId,
        packageId: serviceSelect.value,
        date: pickedDate,
        customerName: nameInput.value,
        customerEmail: emailInput.value,
      });
      showProposal(proposal, true);
    } catch (error) {
      const taken = error instanceof ApiError && error.status === 409;
      fail(error, taken ? undefined : () => void propose());
      if (taken) {
        pickedDate = '';
        await renderMonth().catch(() => undefined);
      }
    } finally {
      proposeButton.disabled = false;
    }
  }

  function remember(patch: Partial<Saved>): void {
    state = { ...state, ...patch };
    saved.save(state);
  }

  function showProposal(p: Proposal, fresh = false): void {
    remember({ sessionId: p.sessionId, proposalId: p.id });
    if (fresh) emit('booking:proposed', { proposalId: p.id, status: p.status });
    if (p.status === 'COMPLETED' && !paidEmitted) {
      paidEmitted = true;
      if (!fresh) emit('booking:paid', { proposalId: p.id, bookingId: p.booking?.id, status: p.status });
    }
    const minutes = Math.max(0, Math.ceil((Date.parse(p.expiresAt) - Date.now()) / 60000));
    const status = (t as Record<string, string>)[p.status] ?? p.status;
    const details = h('dl');
    for (const [label, value] of [
      [t.service, p.preview.service],
      [t.date, p.preview.date],
      [t.price, p.preview.price],
      [t.name, p.preview.customerName],
      [t.email, p.preview.customerEmail],
    ]) details.append(h('dt', {}, label), h('dd', {}, value));
    const card = h('div', { class: 'card', role: 'group', 'aria-label': t.proposal }, details, h('p', { class: 'status', role: 'status' }, status));
    if (p.booking) card.append(h('p', { class: 'muted' }, p.booking.confirmationCode));
    if (p.status === 'AWAITING_CONFIRMATION') {
      card.append(h('p', { class: 'muted' }, t.expiresIn.replace('{n}', String(minutes))));
      const confirm = h('button', { type: 'button', class: 'primary' }, t.confirm);
      confirm.onclick = () => void confirmProposal(p, confirm);
      card.append(confirm);
    } else if (p.status === 'AWAITING_PAYMENT' && p.booking) {
      card.append(h('a', { class: 'primary', href: p.booking.checkoutUrl }, t.pay));
    } else if (!OPEN_STATUSES.includes(p.status)) {
      card.append(h('button', { type: 'button', class: 'ghost', onclick: () => newBooking() }, t.newBooking));
    }
    cardSlot.replaceChildren(card);
    window.clearTimeout(pollTimer);
    if (OPEN_STATUSES.includes(p.status)) pollTimer = window.setTimeout(() => void refresh(), POLL_MS);
  }

  async function refresh(): Promise<void> {
    if (!state.proposalId || !state.sessionId) return;
    try {
      showProposal(await api.proposal(state.proposalId, state.sessionId));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) newBooking();
      else fail(error, () => void refresh());
    }
  }

  async function confirmProposal(p: Proposal, button: HTMLButtonElement): Promise<void> {
    clearError();
    button.disabled = true;
    try {
      const confirmed = await api.confirm(p.id, p.sessionId);
      showProposal(confirmed);
      emit('booking:confirmed', { proposalId: confirmed.id, bookingId: confirmed.booking?.id, status: confirmed.status });
      if (confirmed.booking) window.location.assign(confirmed.booking.checkoutUrl);
    } catch (error) {
      button.disabled = false;
      const final = error instanceof ApiError && error.status === 409;
      fail(error, final ? undefined : () => void confirmProposal(p, button));
      if (final) void refresh();
    }
  }

  function newBooking(): void {
    window.clearTimeout(pollTimer);
    remember({ proposalId: undefined });
    cardSlot.replaceChildren();
    paidEmitted = false;
    if (catalog) void renderMonth().catch((error) => fail(error));
  }

  // ---- popup: focus stays inside while open and returns to the launcher ----
  function open(): void {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    (chatPanel.hidden ? serviceSelect : messageInput).focus();
  }
  function close(): void {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }
  if (!inline) {
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') return close();
      if (event.key !== 'Tab') return;
      const focusable = [...panel.querySelectorAll<HTMLElement>('button,input,select,a[href]')].filter(
        (el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0,
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      const wrapTo = event.shiftKey ? (root.activeElement === first ? last : undefined) : root.activeElement === last ? first : undefined;
      if (wrapTo) {
        event.preventDefault();
        wrapTo.focus();
      }
    });
  }

  // ---- start: the saved conversation and proposal come back after a reload ----
  addMessage('assistant', t.greeting);
  if (state.sessionId) {
    api
      .transcript(state.sessionId)
      .then((transcript) => transcript.messages.forEach((m) => addMessage(m.role, m.content)))
      .catch(() => undefined);
  }
  if (state.proposalId) {
    void refresh().then(() => {
      if (!inline && cardSlot.firstChild) open();
    });
  }
}
