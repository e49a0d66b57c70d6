// Failed htmx actions say why, next to the control that failed. htmx swaps
// nothing on an error status, so without this a refused check-in or a rate
// limit looks like a button that does nothing. The server answers an htmx
// request's error with its message as plain text (web/middleware.py); any
// other answer (Django's 403 for a stale form, a 500 page) gets a fixed line.
(function () {
  "use strict";
  var GENERIC = {
    403: "That was refused: reload the page and try again.",
    429: "Too many changes at once: wait a moment and try again.",
    500: "Something went wrong on reeldb's side: try again later.",
  };

  // The element the message goes after: the form the control belongs to.
  function anchorOf(element) {
    return (element.closest && element.closest("form")) || element;
  }

  function messageBox(anchor, create) {
    var box = anchor.nextElementSibling;
    if (box && box.classList.contains("action-error")) return box;
    if (!create) return null;
    box = document.createElement("p");
    box.className = "action-error";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-live", "assertive");
    box.dataset.testid = "action-error";
    anchor.insertAdjacentElement("afterend", box);
    return box;
  }

  function textOf(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    var body = (xhr.responseText || "").trim();
    if (type.indexOf("text/plain") === 0 && body && body.length <= 500) return body;
    if (GENERIC[xhr.status]) return GENERIC[xhr.status];
    if (xhr.status >= 500) return GENERIC[500];
    return "That did not work (error " + xhr.status + "): try again.";
  }

  function show(element, text) {
    var box = messageBox(anchorOf(element), true);
    box.textContent = text;
    box.hidden = false;
  }

  document.addEventListener("htmx:responseError", function (event) {
    show(event.detail.elt, textOf(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function (event) {
    show(event.detail.elt, "reeldb could not be reached: check your connection and try again.");
  });
  // A new attempt starts without the old message.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = messageBox(anchorOf(event.detail.elt), false);
    if (box) {
      box.hidden = true;
      box.textContent = "";
    }
  });
})();
