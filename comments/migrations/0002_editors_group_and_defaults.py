"""Create the Editors group with exactly the moderation permissions, and default settings."""

from django.db import migrations

EDITOR_PERMISSIONS = [
    "moderate_comment",
    "view_comment",
    "change_comment",
    "view_moderationevent",
    "view_commentreport",
    "add_moderationlistentry",
    "change_moderationlistentry",
    "delete_moderationlistentry",
    "view_moderationlistentry",
    "view_moderationsettings",
    "change_moderationsettings",
]


def create_editors_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    comments_config = apps.get_app_config("comments")
    comments_config.models_module = True
    create_permissions(comments_config, apps=apps, verbosity=0)
    comments_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Editors")
    permissions = Permission.objects.filter(
        content_type__app_label="comments", codename__in=EDITOR_PERMISSIONS
    )
    group.permissions.set(permissions)
    apps.get_model("comments", "ModerationSettings").objects.get_or_create(pk=1)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
