// Small behaviours for trithuc pages; no inline scripts (content security policy).
document.addEventListener("change", function (event) {
  var form = event.target.closest("form[data-autosubmit]");
  if (form && window.htmx) { htmx.trigger(form, "submit"); }
});
