"""The dashboard served by the API app: templates, static assets, SVG charts, span highlighting."""
