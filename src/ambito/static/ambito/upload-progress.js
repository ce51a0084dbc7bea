// A progress bar for large uploads (INPS lists): the form is sent with XMLHttpRequest so the
// upload can be measured; the server's answer (preview page) then replaces the document.
// Without JavaScript the form posts normally. A static file: the CSP forbids inline code.
document.querySelectorAll("form[data-upload-progress]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    const box = form.querySelector("[data-progress-box]");
    const bar = box && box.querySelector("progress");
    if (!bar || !window.XMLHttpRequest) return;
    event.preventDefault();
    box.hidden = false;
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded * 90) / e.total);
    });
    request.addEventListener("load", () => {
      bar.value = 100;
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.send(new FormData(form));
  });
});
