"""make_chat_model: which LangChain client each setting gives, and one-line errors when it cannot work."""

from __future__ import annotations

import pytest

from assistant.llm import free_port, make_chat_model, served_model, smollm2_gguf
from core.config import Settings
from core.errors import LLMUnavailable


def settings(tmp_path, **llm) -> Settings:
    return Settings(home=tmp_path, **llm)


def test_not_configured_says_how_to_configure(tmp_path) -> None:
    with pytest.raises(LLMUnavailable, match="CODEASK_LLM_BASE_URL") as info:
        make_chat_model(settings(tmp_path, llm_base_url=None))
    assert "\n" not in str(info.value)


def test_unknown_provider(tmp_path) -> None:
    with pytest.raises(LLMUnavailable, match="unknown LLM provider 'claude'"):
        make_chat_model(settings(tmp_path, llm_base_url="http://127.0.0.1:1/v1", llm_provider="claude"))


def test_url_needs_a_scheme(tmp_path) -> None:
    with pytest.raises(LLMUnavailable, match="http://"):
        make_chat_model(settings(tmp_path, llm_base_url="localhost:8080", llm_model="m"))


def test_openai_compatible_client(tmp_path) -> None:
    from langchain_openai import ChatOpenAI

    model = make_chat_model(settings(tmp_path, llm_base_url="http://127.0.0.1:9/v1/", llm_model="smol",
                                     llm_api_key=None), max_tokens=64, timeout=5)
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.model_name == "smol"
    assert model.temperature == 0
    assert model.max_tokens == 64
    assert model.openai_api_key.get_secret_value() == "not-needed"


def test_openai_api_key_is_passed(tmp_path) -> None:
    model = make_chat_model(settings(tmp_path, llm_base_url="https://api.example.org/v1", llm_model="m",
                                     llm_api_key="sk-test"))
    assert model.openai_api_key.get_secret_value() == "sk-test"


def test_ollama_client(tmp_path) -> None:
    from langchain_ollama import ChatOllama

    model = make_chat_model(settings(tmp_path, llm_provider="ollama", llm_base_url="http://127.0.0.1:11434",
                                     llm_model="llama3.2"), max_tokens=32)
    assert isinstance(model, ChatOllama)
    assert model.model == "llama3.2"
    assert model.base_url == "http://127.0.0.1:11434"
    assert model.temperature == 0
    assert model.num_predict == 32


def test_ollama_needs_a_model(tmp_path) -> None:
    with pytest.raises(LLMUnavailable, match="CODEASK_LLM_MODEL"):
        make_chat_model(settings(tmp_path, llm_provider="ollama", llm_base_url="http://127.0.0.1:11434"))


def test_unreachable_server_without_model_name(tmp_path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(LLMUnavailable, match="cannot be reached") as info:
        make_chat_model(settings(tmp_path, llm_base_url=url, llm_model=None))
    assert url in str(info.value) and "\n" not in str(info.value)


def test_served_model_unreachable(tmp_path) -> None:
    with pytest.raises(LLMUnavailable):
        served_model(f"http://127.0.0.1:{free_port()}/v1", timeout=2)


def test_bundled_gguf_is_found() -> None:
    path = smollm2_gguf()
    assert path.suffix == ".gguf" and path.is_file()
