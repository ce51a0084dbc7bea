// Bootstrap Italia loads its fonts from window.__PUBLIC_PATH__; point it at the vendored copy.
// A separate file, not an inline script, so the content security policy can forbid inline code.
window.__PUBLIC_PATH__ = document.currentScript.dataset.fonts;
