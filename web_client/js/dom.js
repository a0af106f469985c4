// Safe element builders. Text from people (names, openings, replies) only ever reaches the page
// through textContent or text nodes, never through innerHTML, so markup in it stays plain text.

/**
 * Build an element. `options`: className, text, attrs (attribute name -> value; false/null
 * skip it, true sets it empty), on (event name -> listener). Children may be nodes or strings
 * (strings become text nodes); null/undefined/false children are skipped.
 */
export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  const { className, text, attrs, on } = options;
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const [event, listener] of Object.entries(on ?? {})) node.addEventListener(event, listener);
  append(node, children);
  return node;
}

/** Append nodes and strings (as text nodes) to `parent`. */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace everything inside `parent` with `children`. */
export function replaceContent(parent, children) {
  parent.replaceChildren();
  return append(parent, children);
}

/**
 * A block of text someone typed (an opening or a reply): its direction comes from its own
 * first strong character, it is isolated from the text around it, and it wraps anywhere.
 */
export function userText(tag, text, className = "") {
  const node = el(tag, { className: `user-text ${className}`.trim(), text });
  node.dir = "auto";
  return node;
}

/**
 * A player's name on its own (a list row, a card): isolated (<bdi>) so a right-to-left name
 * cannot reorder the line, and boxed so what cannot wrap is clipped instead of spilling out.
 */
export function nameTag(name, className = "") {
  return el("bdi", { className: `user-text name ${className}`.trim(), text: name });
}

/** A player's name inside a sentence: isolated too, but flowing with the words around it. */
export function nameInText(name) {
  return nameTag(name, "name-in-text");
}

/** Show or hide an element with the `hidden` attribute. */
export function setShown(node, shown) {
  node.hidden = !shown;
}

const renderedKeys = new WeakMap();

/**
 * Rebuild `container`'s content with `build()` only when `key` changed since the last call,
 * so focus, scroll and typed text survive snapshots that change nothing visible here.
 * Returns true when it rebuilt.
 */
export function renderWhenChanged(container, key, build) {
  if (renderedKeys.get(container) === key) return false;
  renderedKeys.set(container, key);
  replaceContent(container, build());
  return true;
}

/** Forget what renderWhenChanged last drew in `container`, so the next call rebuilds it. */
export function forgetRendered(container) {
  renderedKeys.delete(container);
}

/** A `<dl>` from [term, description] pairs; pairs with an empty description are left out. */
export function definitionList(pairs, className = "") {
  const list = el("dl", { className });
  for (const [term, description] of pairs) {
    if (description === null || description === undefined || description === "") continue;
    list.append(el("dt", { text: term }), el("dd", {}, [description]));
  }
  return list;
}

/** A unique id for label/aria wiring. */
let idCounter = 0;
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
