"""The demo town (东岳观镇, 慈利县): `builder.build_demo()`, the demo logins and the
`builddemo` management command. An installed app (for the command), so this package
loads no models: import from `sanwei.demo.builder`."""
