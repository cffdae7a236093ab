// The query page: YASGUI on this server's /sparql, and the competency questions as examples.
"use strict";

const endpoint = new URL("sparql", window.location.href).href;
document.getElementById("endpoint").textContent = endpoint;

// Only local autocompletion: the class and property completers would send what is typed
// to an outside service.
Yasgui.Yasqe.defaults.autocompleters = ["variables"];

const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: true,
  endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
  persistenceId: "ipo-graph-serve",
});

function openExample(example) {
  const tab = yasgui.addTab(true, {
    ...Yasgui.Tab.getDefaults(yasgui),
    name: example.name,
    requestConfig: { ...Yasgui.Tab.getDefaults(yasgui).requestConfig, endpoint: endpoint },
    yasqe: { value: example.query },
  });
  tab.show();
  tab.getYasqe().setValue(example.query);
  tab.query();
}

fetch("examples.json")
  .then((response) => response.json())
  .then((list) => {
    const ol = document.getElementById("examples");
    for (const example of list) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.name = example.name;
      button.textContent = example.question_en || example.name;
      const small = document.createElement("small");
      small.textContent = example.question_nl ? `${example.question_nl} (${example.name})` : example.name;
      button.append(small);
      button.addEventListener("click", () => openExample(example));
      li.append(button);
      ol.append(li);
    }
  });
