// Follows a running job: asks its status every second and moves the bar; when the job ends,
// reloads the page to show the outcome. Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || box.dataset.finished === "true") {
    return;
  }
  var bar = box.querySelector("progress");
  var percent = document.getElementById("job-percent");
  var stage = document.getElementById("job-stage");
  var status = document.getElementById("job-status");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) {
          window.setTimeout(poll, 3000);
          return;
        }
        if (state.finished) {
          window.location.reload();
          return;
        }
        bar.value = state.percent;
        percent.textContent = state.percent + " %";
        stage.textContent = state.stage;
        status.textContent = state.status_label;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
