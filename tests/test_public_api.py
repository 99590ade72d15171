"""Keep the public surface deliberate: changing it means changing this test."""

from __future__ import annotations

import subprocess
import sys

import seedclean

EXPECTED = [
    "BoilerplateConfig",
    "CleanConfig",
    "ConfigError",
    "DecodeConfig",
    "Document",
    "Edit",
    "EncodingConfig",
    "IndexMismatchError",
    "InputError",
    "MetaConfig",
    "NearDupConfig",
    "OutputError",
    "RepeatsConfig",
    "SeedcleanError",
    "__version__",
    "clean",
    "clean_corpus",
    "clean_text",
    "decode",
    "extract_meta",
    "find_duplicates",
    "fix_and_explain",
    "fix_text",
    "remove_repeats",
    "strip_boilerplate",
]


def test_all_is_locked() -> None:
    assert seedclean.__all__ == EXPECTED


def test_every_public_name_resolves() -> None:
    for name in seedclean.__all__:
        assert getattr(seedclean, name) is not None, name


def test_import_is_light() -> None:
    code = (
        "import sys, seedclean\n"
        "heavy = {'numpy', 'dateparser', 'dask', 'redis', 'pyarrow', 'polars', 'selectolax', 'plotly',"
        " 'ftfy', 'charset_normalizer', 'datasketch', 'seedclean.pipeline', 'seedclean.engines'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pipeline_does_not_import_engines() -> None:
    code = "import sys, seedclean.pipeline, seedclean.cli\nprint([m for m in sys.modules if 'engines' in m or m.startswith('dask')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_version_matches_metadata() -> None:
    from importlib.metadata import version

    assert seedclean.__version__ == version("seedclean")


def test_stage_functions_stay_callable_after_submodules_load() -> None:
    import seedclean.pipeline  # noqa: F401  (loads every stage module)

    assert seedclean.decode(b"caf\xc3\xa9") == "café"
    assert callable(seedclean.fix_text) and callable(seedclean.strip_boilerplate)
    assert callable(seedclean.remove_repeats) and callable(seedclean.clean)
