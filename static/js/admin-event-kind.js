/* The event form: show the milestone fields for a milestone and the target fields for a
   target, following the "Kind" choice. Without this script both sets stay visible. */
(function () {
  "use strict";

  function showFieldsFor(kind) {
    document.querySelectorAll("fieldset.event-kind-fields").forEach(function (fieldset) {
      var relevant = !kind || fieldset.classList.contains("event-kind-" + kind);
      fieldset.hidden = !relevant;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var kind = document.getElementById("id_kind");
    if (!kind) {
      return;
    }
    showFieldsFor(kind.value);
    kind.addEventListener("change", function () {
      showFieldsFor(kind.value);
    });
  });
})();
