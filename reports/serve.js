// The reviewer's page of `cchc serve`: drag and drop onto the upload form, filtering by severity
// and domain, and a finding that leads to its row. The page works without it (form POST, links
// to #task-N rows that CSS highlights with :target); this file only adds to it.
"use strict";
(function () {
  const form = document.getElementById("upload");
  const input = document.getElementById("plan-file");
  const zone = form;
  const limit = form ? Number(form.dataset.maxBytes) : 0;

  function say(text) {
    const note = document.getElementById("client-error");
    note.textContent = text;
    note.hidden = !text;
  }

  function tooLarge(file) {
    if (limit && file.size > limit) {
      say(form.dataset.tooLarge.replace("{name}", file.name));
      return true;
    }
    say("");
    return false;
  }

  if (form && input && zone) {
    zone.classList.add("js");
    ["dragenter", "dragover"].forEach((type) => zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("over");
    }));
    ["dragleave", "drop"].forEach((type) => zone.addEventListener(type, () => zone.classList.remove("over")));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      if (!event.dataTransfer.files.length) return;
      if (event.dataTransfer.files.length > 1) {       // the server checks one file per upload
        say(form.dataset.oneFile);
        return;
      }
      input.files = event.dataTransfer.files;
      if (!tooLarge(input.files[0])) form.submit();
    });
    input.addEventListener("change", () => {
      if (input.files.length && !tooLarge(input.files[0])) form.submit();
    });
  }

  // A finding leads to its row: highlighted and scrolled into view.
  function lead(targetId) {
    const row = document.getElementById(targetId);
    if (!row) return;
    document.querySelectorAll(".highlight").forEach((element) => element.classList.remove("highlight"));
    row.classList.add("highlight");
    row.scrollIntoView({ block: "center" });
    history.replaceState(null, "", "#" + targetId);
  }
  document.querySelectorAll("[data-lead]").forEach((element) => element.addEventListener("click", (event) => {
    if (event.target.closest("a") && !event.target.closest("a.goto")) return;   // another link in the card
    event.preventDefault();
    lead(element.dataset.lead);
  }));

  // Filters: the severities ticked and the domain chosen; what matches neither is hidden.
  const filters = document.getElementById("filters");
  if (!filters) return;
  filters.hidden = false;
  function apply() {
    const severities = new Set([...filters.querySelectorAll("input[name=severity]:checked")].map((box) => box.value));
    const domain = filters.querySelector("select[name=domain]").value;
    const onlyFound = filters.querySelector("input[name=only-found]").checked;
    const fits = (element) => severities.has(element.dataset.severity) &&
      (!domain || element.dataset.domain === domain);
    document.querySelectorAll(".f-item, .chip").forEach((element) => { element.hidden = !fits(element); });
    document.querySelectorAll("tr.task, tr.target, tr.measure").forEach((row) => {
      const visible = [...row.querySelectorAll(".chip")].some((chip) => !chip.hidden);
      const otherDomain = row.classList.contains("task") && domain && row.dataset.domain !== domain;
      row.hidden = otherDomain || (onlyFound && !visible);
    });
    const shown = document.querySelectorAll(".f-item:not([hidden])").length;
    document.getElementById("shown-count").textContent = String(shown);
  }
  filters.addEventListener("change", apply);
  apply();
})();
