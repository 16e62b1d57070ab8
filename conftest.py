"""In-repo runs: the plugin is loaded through its pytest11 entry point once installed
(`pip install -e '.[test]'`); `pytester` drives scratch projects in the plugin tests."""

pytest_plugins = ["pytester"]
