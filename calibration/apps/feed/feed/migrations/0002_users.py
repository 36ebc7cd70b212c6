from django.db import migrations

# The author (user 1) and enough friends for any fan-out up to 1,000.
USERS = 1001


def create_users(apps, schema_editor):
    User = apps.get_model("auth", "User")
    User.objects.bulk_create([User(username=f"u{i}", password="!") for i in range(1, USERS + 1)])


class Migration(migrations.Migration):
    dependencies = [("feed", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_users, migrations.RunPython.noop)]
