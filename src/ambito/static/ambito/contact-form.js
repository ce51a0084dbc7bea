// The fast contact form: "Orienta verso questo servizio" in the suggestions panel makes the
// suggested service the contact's referral, then moves the focus to the referral so the
// operator sees (and can change) what was set. The button is a submit button, so that without
// JavaScript the server sets the referral instead. A static file: the CSP forbids inline code.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-refer-service]");
  if (!button) return;
  const form = button.closest("form");
  const select = form.querySelector("#id_referral_service");
  const option = Array.from(select.options).find((o) => o.value === button.dataset.referService);
  if (!option) return; // not in this page's list (published meanwhile): let the server set it
  event.preventDefault();
  select.value = option.value;
  form.querySelector("#id_referral_kind").value = "service";
  const outcome = form.querySelector("#id_outcome");
  if (outcome) outcome.value = "referral";
  const status = document.getElementById("orientamento-stato");
  if (status) status.textContent = `Orientamento impostato: ${button.dataset.serviceName}.`;
  select.focus();
});
