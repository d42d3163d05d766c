"""cogov plugin: a Beijing-style street with whistle-and-report and 12345 hotline intake."""
