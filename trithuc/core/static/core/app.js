// Small behaviours for trithuc pages; no inline scripts (content security policy).
document.addEventListener("change", function (event) {
  var form = event.target.closest("form[data-autosubmit]");
  if (form && window.htmx) { htmx.trigger(form, "submit"); }
});

// A download that takes a while (`<a data-progress="/tai-ve/tien-do/">`): the link gets a
// random token, the page polls the server with it and shows a bar under the link until
// the file is made (core/downloads.py). Without JavaScript the link downloads as usual.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-progress]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
  event.preventDefault();
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  var token = Array.prototype.map.call(bytes, function (b) {
    return ("0" + b.toString(16)).slice(-2);
  }).join("");
  var url = new URL(link.href, window.location.href);
  url.searchParams.set("progress", token);
  var box = link.parentNode.querySelector(".download-progress");
  if (!box) {
    box = document.createElement("div");
    box.className = "download-progress";
    box.setAttribute("role", "status");
    box.appendChild(document.createElement("progress"));
    box.appendChild(document.createElement("span"));
    link.insertAdjacentElement("afterend", box);
  }
  var bar = box.querySelector("progress");
  var text = box.querySelector("span");
  bar.removeAttribute("value");
  text.textContent = "";
  box.hidden = false;
  var started = Date.now();
  function poll() {
    fetch(link.getAttribute("data-progress") + "?token=" + token, {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        text.textContent = " " + state.message;
        if (state.percent !== null) { bar.max = 100; bar.value = state.percent; }
        if (state.state === "done") {
          bar.max = 100; bar.value = 100;
          window.setTimeout(function () { box.hidden = true; }, 6000);
        } else if (state.state !== "failed" && Date.now() - started < 600000) {
          window.setTimeout(poll, 500);
        }
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }
  window.location.assign(url.toString());
  window.setTimeout(poll, 300);
});
