type Attrs = Record<string, string | boolean | undefined | ((event: Event) => void)>;

/** Builds an element: `on…` attributes become listeners, `true` a bare attribute, false/undefined nothing. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** Session storage that never throws (it is off in some private modes). */
export function store<T extends object>(key: string) {
  return {
    load(): Partial<T> {
      try {
        return JSON.parse(sessionStorage.getItem(key) ?? '{}') as Partial<T>;
      } catch {
        return {};
      }
    },
    save(value: Partial<T>): void {
      try {
        sessionStorage.setItem(key, JSON.stringify(value));
      } catch {
        // Without storage the booking still works; only a reload forgets it.
      }
    },
  };
}

/** Tells the host page what happened: ids and statuses only, never names or emails. */
export function emit(name: 'booking:proposed' | 'booking:confirmed' | 'booking:paid', detail: Record<string, string | undefined>): void {
  window.dispatchEvent(new CustomEvent(name, { detail }));
}

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month + 1)}-${pad(day)}`;
