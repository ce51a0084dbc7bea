// The public request form: the access point list shows only the points of the municipality
// chosen (each option says its municipality in data-comune); a municipality with no point of
// its own keeps them all, as the server does. Without JavaScript the "Mostra i punti di
// accesso del comune" button asks the server for the same list. A static file: the CSP forbids
// inline code. The server checks the pair whatever the page sent.
(() => {
  const form = document.querySelector("[data-testid=public-request-form]");
  if (!form) return;
  const municipality = form.querySelector("#id_municipality");
  const point = form.querySelector("#id_access_point");
  const note = document.getElementById("punti-nota");
  if (!municipality || !point) return;
  const source = document.getElementById("punti-tutti");
  if (!source) return;
  // Every point of the zone (the server may have sent only those of one municipality).
  const all = Array.from(source.content.querySelectorAll("option"));
  const empty = point.options[0] && !point.options[0].value ? point.options[0].cloneNode(true) : null;
  const button = form.querySelector("[data-choose-municipality]");
  if (button) button.hidden = true; // the list follows the choice by itself

  const filter = () => {
    const chosen = municipality.value;
    const own = all.filter((option) => option.dataset.comune === chosen);
    const shown = chosen && own.length ? own : all;
    const selected = point.value;
    const options = shown.map((option) => option.cloneNode(true));
    point.replaceChildren(...(empty ? [empty.cloneNode(true)] : []), ...options);
    point.value = shown.some((option) => option.value === selected) ? selected : "";
    if (note) note.hidden = !(chosen && !own.length);
  };
  municipality.addEventListener("change", filter);
  if (municipality.value) filter();
})();
