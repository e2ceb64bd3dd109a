/* Citation line: the accessed date becomes the reader's today, and a copy button appears.
   Without JavaScript the citation stays plain selectable text with the build date. */
(function () {
  var now = new Date();
  var iso = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
  document.querySelectorAll("time.cite-accessed").forEach(function (t) {
    t.setAttribute("datetime", iso);
    t.textContent = now.getDate() + "/" + (now.getMonth() + 1) + "/" + now.getFullYear();
  });

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.querySelectorAll("button.cite-copy").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".cite-status");
    if (!source) return;
    button.hidden = false;
    function say(text) { if (status) status.textContent = text; }
    button.addEventListener("click", function () {
      var text = source.textContent.replace(/\s+/g, " ").trim();
      function fallback() {
        selectText(source);
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
        say(copied ? "Đã sao chép." : "Đã chọn dòng trích dẫn: nhấn Ctrl+C (hoặc giữ và chọn Sao chép) để sao chép.");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { say("Đã sao chép."); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
