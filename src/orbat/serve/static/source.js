// Source view: bring the selected span into view and focus it.
"use strict";
(function () {
  const hl = document.getElementById("hl");
  if (!hl) return;
  hl.scrollIntoView({ block: "center" });
  hl.focus({ preventScroll: true });
  hl.classList.add("flash");
})();
