// Starts Swagger UI on /docs from a file, not an inline script, so the page keeps a strict CSP.
const root = document.getElementById("swagger-ui");
window.ui = window.SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  validatorUrl: null, // the default badge calls validator.swagger.io: nothing leaves this server
});
