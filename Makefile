.PHONY: setup run test lint bench bench-ingest bench-retrieval bench-answers bench-documents bench-llm bench-fit bench-ablation screenshots

setup:
	./scripts/setup test

run:
	./scripts/run

test:
	./scripts/test

lint:
	.venv/bin/ruff check .

bench: bench-ingest bench-retrieval bench-answers bench-documents

bench-ingest:
	.venv/bin/python bench/ingest.py

bench-retrieval:
	.venv/bin/python bench/retrieval.py

bench-answers:
	.venv/bin/python bench/answers.py

bench-documents:
	.venv/bin/python bench/documents.py

bench-fit:
	.venv/bin/python bench/fit_weights.py

bench-ablation:
	.venv/bin/python bench/ablation.py

bench-llm:
	.venv/bin/python bench/llm.py

screenshots:
	./scripts/screenshots
