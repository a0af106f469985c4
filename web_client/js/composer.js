// A labelled text box with a character counter and a Send button, for the opening and replies.

import { el, uniqueId } from "./dom.js";
import { friendlyError } from "./labels.js";

export const TEXT_MAX_CHARS = 500;

/** Characters as the server counts them (code points, so an emoji is one, not two). */
export function characterCount(text) {
  return [...text.trim()].length;
}

/**
 * label: the visible label ("Your reply"); hint: a line under it; initialText: a saved
 * draft; onDraft(text) on every edit; send(text) -> Promise that rejects with a RequestError.
 * Returns {root, textarea, setText(text), setSent(text), setConnected(bool)}.
 */
export function createComposer({ label, hint = "", initialText = "", onDraft, send }) {
  const fieldId = uniqueId("composer");
  const counterId = `${fieldId}-counter`;
  const hintId = `${fieldId}-hint`;
  const textarea = el("textarea", {
    className: "composer-text user-text",
    attrs: {
      id: fieldId,
      rows: 5,
      "aria-describedby": `${hintId} ${counterId}`,
      autocomplete: "off",
    },
  });
  textarea.dir = "auto";
  textarea.value = initialText;
  const counter = el("span", { className: "composer-counter", attrs: { id: counterId } });
  const button = el("button", {
    className: "button button-primary",
    text: "Send",
    attrs: { type: "submit" },
  });
  const status = el("p", { className: "composer-status", attrs: { role: "status" } });
  const sentBox = el("div", { className: "sent-copy", attrs: { hidden: true } });
  let connected = true;
  let sending = false;

  const form = el(
    "form",
    { className: "composer", attrs: { novalidate: true } },
    [
      el("label", { className: "composer-label", text: label, attrs: { for: fieldId } }),
      el("p", { className: "hint", text: hint, attrs: { id: hintId } }),
      textarea,
      el("div", { className: "composer-actions" }, [counter, button]),
      status,
      sentBox,
    ],
  );

  function refresh() {
    const count = characterCount(textarea.value);
    counter.textContent = `${count} / ${TEXT_MAX_CHARS}`;
    const tooLong = count > TEXT_MAX_CHARS;
    counter.classList.toggle("is-over", tooLong);
    textarea.setAttribute("aria-invalid", tooLong ? "true" : "false");
    button.disabled = sending || !connected || tooLong || count === 0;
  }

  textarea.addEventListener("input", () => {
    refresh();
    onDraft?.(textarea.value);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = textarea.value;
    if (characterCount(text) === 0 || characterCount(text) > TEXT_MAX_CHARS) return;
    sending = true;
    refresh();
    status.textContent = "Sending…";
    try {
      await send(text);
      status.textContent = "Sent.";
    } catch (error) {
      status.textContent = friendlyError(error.code, error.message);
    } finally {
      sending = false;
      refresh();
    }
  });

  refresh();
  return {
    root: form,
    textarea,
    setText(text) {
      textarea.value = text;
      refresh();
      onDraft?.(text);
    },
    /** Show what the server holds as sent (`you.reply`), or nothing. */
    setSent(text, caption) {
      sentBox.hidden = !text;
      if (!text) return;
      const heading = el("p", { className: "sent-caption", text: caption });
      const body = el("p", { className: "user-text sent-text", text });
      body.dir = "auto";
      sentBox.replaceChildren(heading, body);
    },
    setConnected(isConnected) {
      connected = isConnected;
      refresh();
    },
  };
}
