from django.db import migrations


def install(apps, schema_editor):
    from sanwei.core import appendonly

    appendonly.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from sanwei.core import appendonly

    appendonly.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_actionlog_ip_address_actionlog_via_and_more")]

    operations = [migrations.RunPython(install, uninstall)]
