// Starts Swagger UI on the API docs page (a file, not an inline script: the pages' policy forbids those).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,  // no call to an online validator
    presets: [SwaggerUIBundle.presets.apis],
  });
});
