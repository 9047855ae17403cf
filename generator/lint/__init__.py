"""gaozi check: the rules, their selection and configuration, the inputs they read, and --fix."""
