/* Names for the autocomplete boxes that Django's admin draws with Select2.
   Select2 leaves its search field and its single-choice box without an accessible name;
   each takes the text of the label of the select it stands in for. Its "remove all" cross,
   a pointer-only shortcut (the keyboard clears with Backspace), sits as a bare span in the
   list of choices: it is hidden from assistive technology so the list reads as a list.
   Select2 draws and redraws its boxes after the page has loaded, so this runs as they appear. */
"use strict";

(function () {
  function labelOf(select) {
    return select.id ? document.querySelector(`label[for="${select.id}"]`) : null;
  }

  function name(container) {
    const select = container.previousElementSibling;
    const label = select && select.tagName === "SELECT" ? labelOf(select) : null;
    if (!label) {
      return;
    }
    if (!label.id) {
      label.id = `${select.id}-label`;
    }
    const text = label.textContent.replace(/:\s*$/, "").trim();
    container.querySelectorAll('[role="textbox"], .select2-search__field').forEach((field) => {
      if (field.getAttribute("aria-label") !== text) {
        field.setAttribute("aria-label", text);
      }
    });
    container.querySelectorAll("ul > .select2-selection__clear").forEach((cross) => {
      if (cross.getAttribute("aria-hidden") !== "true") {
        cross.setAttribute("aria-hidden", "true");
      }
    });
    container.querySelectorAll('[role="combobox"]').forEach((box) => {
      if (box.getAttribute("aria-labelledby") !== label.id) {
        box.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function nameAll() {
    document.querySelectorAll(".select2-container").forEach(name);
  }

  new MutationObserver(nameAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  window.addEventListener("load", nameAll);
})();
