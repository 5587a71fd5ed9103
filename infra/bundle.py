"""The code every function runs, packaged once by Chalice: a dependency layer and the app.

Chalice's own packagers build both, the way `chalice deploy` does with `automatic_layer`:
- the layer (requirements.txt as manylinux wheels for Python 3.11) is cached in
  `.chalice/deployments/managed-layer-<hash of requirements.txt>-python3.11.zip`, so once it
  exists, synth needs no network until requirements.txt changes (CI warms it by running
  `python -m infra.bundle` once with PyPI reachable, and may cache that folder on the file's hash);
- the app (app.py, chalicelib/ and Chalice's runtime module) is small and rebuilt every time.
Both are copied to `build/lambda/`, which the CDK assets point at. `python -m infra.bundle`
builds them and prints their sizes.
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = ROOT / "build" / "lambda"
PYTHON_VERSION = "python3.11"


@dataclass(frozen=True)
class Bundle:
    layer_zip: Path
    app_zip: Path

    def sizes(self) -> dict[str, float]:
        """Zipped and unzipped megabytes of the layer and the app (Lambda allows 250 MB unzipped)."""
        result = {}
        for label, path in (("layer", self.layer_zip), ("app", self.app_zip)):
            with zipfile.ZipFile(path) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
            result[f"{label}_zipped_mb"] = round(path.stat().st_size / 1e6, 1)
            result[f"{label}_unzipped_mb"] = round(unzipped / 1e6, 1)
        return result


def build_bundle(project_dir: Path = ROOT, out_dir: Path = BUILD_DIR) -> Bundle:
    from chalice.deploy.packager import (
        AppOnlyDeploymentPackager,
        DependencyBuilder,
        LayerDeploymentPackager,
    )
    from chalice.utils import UI, OSUtils

    osutils = OSUtils()
    quiet = UI(out=sys.stderr, err=sys.stderr)
    dependencies = DependencyBuilder(osutils)
    layer = LayerDeploymentPackager(osutils, dependencies, quiet).create_deployment_package(
        str(project_dir), PYTHON_VERSION)
    app = AppOnlyDeploymentPackager(osutils, dependencies, quiet).create_deployment_package(
        str(project_dir), PYTHON_VERSION)
    out_dir.mkdir(parents=True, exist_ok=True)
    bundle = Bundle(out_dir / "layer.zip", out_dir / "app.zip")
    shutil.copyfile(layer, bundle.layer_zip)
    # The app's zip is named by its code's hash; moving it keeps the cache from collecting one
    # per edit (rebuilding it takes well under a second).
    shutil.move(app, bundle.app_zip)
    return bundle


if __name__ == "__main__":
    print(json.dumps(build_bundle().sizes()))
