// Mounts GraphiQL (the vendored UMD build, loaded before this file with React and ReactDOM as
// globals) into <div id="graphiql">. Queries and mutations go to POST /graphql on this origin
// as JSON; subscriptions go over graphql-ws (the graphql-transport-ws protocol) at /graphql/ws.
// The page carries no credentials: a caller who wants to act as an account pastes its own
// `Authorization` header into GraphiQL's headers editor (GraphiQL does not store headers).
// This file must stay free of eval and of inline styles (the page's CSP allows neither).
(function () {
  "use strict";

  var DEFAULT_QUERY = [
    "{",
    "  standards(first: 5) {",
    "    nodes {",
    "      slug",
    "      title",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");

  var container = document.getElementById("graphiql");
  if (!container) {
    return;
  }
  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    container.textContent =
      "GraphiQL could not be loaded. POST /graphql works with any GraphQL client.";
    return;
  }

  var origin = window.location;
  var fetcher = window.GraphiQL.createFetcher({
    url: "/graphql",
    subscriptionUrl:
      (origin.protocol === "https:" ? "wss://" : "ws://") + origin.host + "/graphql/ws",
    // Plain JSON in and out (Concord does not stream @defer/@stream over multipart).
    enableIncrementalDelivery: false,
  });

  // GraphiQL fills its container; make the container fill the window. These are CSSOM
  // assignments, which style-src 'self' allows (unlike style attributes in markup).
  document.documentElement.style.height = "100%";
  document.body.style.height = "100%";
  document.body.style.margin = "0";
  container.style.height = "100%";

  var root = window.ReactDOM.createRoot(container);
  root.render(
    window.React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      defaultQuery: DEFAULT_QUERY,
      shouldPersistHeaders: false,
    }),
  );
})();
