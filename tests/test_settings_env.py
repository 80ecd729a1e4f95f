"""Deployment settings that come from the environment (see .env.example)."""


def test_proxy_header_and_audit_retention_come_from_the_environment():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='trithuc.settings';"
        "from django.conf import settings;"
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None), "
        "settings.TRITHUC_AUDIT_RETENTION_DAYS)"
    )
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "true"}
    plain = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert plain.stdout.split() == ["None", "1825"], plain.stderr
    env |= {"TRITHUC_BEHIND_TLS_PROXY": "true", "TRITHUC_AUDIT_RETENTION_DAYS": "3650"}
    proxied = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "HTTP_X_FORWARDED_PROTO" in proxied.stdout and proxied.stdout.split()[-1] == "3650"
