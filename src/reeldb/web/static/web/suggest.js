// The search box's suggestions: asks /suggest as the visitor types and lists
// the answers under the box; arrows move through them, Enter opens one,
// Escape closes the list. Without this script the box is a plain form.
(function () {
  "use strict";
  // Milliseconds without typing before asking: one request per pause, not per key.
  var DELAY = 120;

  function attach(form, number) {
    var input = form.querySelector('input[name="q"]');
    if (!input) return;
    var list = document.createElement("ul");
    list.className = "suggest";
    list.id = "suggest-" + number;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    var timer = null;
    var controller = null;
    var results = [];
    var active = -1;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      results = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      var options = list.querySelectorAll('[role="option"]');
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      input.setAttribute("aria-activedescendant", options[index].id);
    }

    function render(found) {
      close();
      results = found;
      found.forEach(function (result, position) {
        var option = document.createElement("li");
        option.id = list.id + "-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var link = document.createElement("a");
        link.href = result.url;
        link.tabIndex = -1;
        var name = document.createElement("span");
        name.className = "suggest__name";
        name.textContent = result.name;
        var subtitle = document.createElement("span");
        subtitle.className = "suggest__subtitle";
        subtitle.textContent = result.subtitle;
        link.append(name, subtitle);
        option.append(link);
        list.append(option);
      });
      list.hidden = found.length === 0;
    }

    function ask() {
      var typed = input.value.trim();
      if (!typed) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(form.dataset.suggest + "?q=" + encodeURIComponent(typed), {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === typed) render(data.results);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") close();
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden || results.length === 0) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        choose((active + 1) % results.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        choose((active - 1 + results.length) % results.length);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(results[active].url);
      } else if (event.key === "Escape") {
        close();
      }
    });
    // A press on a suggestion keeps the focus in the box, so the list is
    // still there when the click lands on its link.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("form[data-suggest]").forEach(attach);
})();
