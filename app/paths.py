"""Where the app finds its page assets and keeps its data."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
TEMPLATES_DIR = ROOT / "templates"


def data_dir() -> Path:
    """The directory for the SQLite database: BACKPROP_LAB_DATA_DIR, default ./data."""
    return Path(os.environ.get("BACKPROP_LAB_DATA_DIR", "data")).resolve()
