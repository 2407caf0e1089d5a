"""
The OpenAPI document's words on the REST operations of credentials, badges, issuers, keys and verification: a
description per operation and realistic examples (request and answer), keyed by operationId
(``openedx_dcp.api.v1.schema.operation``).

The examples are the dev host's demo data as ``make dev`` loads it on a fresh database (``dcp_load_demo``: program 1
``dcp``, cycle 1 open for nominations, cycle 4 in evaluation, cycle 5 awaiting approval, ...), so a developer can
send them from the docs page; tests/api/test_schemathesis.py sends them against that data, and
tests/api/test_schema_docs.py fails when an operation lacks a description or an example.
"""

from openedx_dcp.api.v1.schema import operation

# grace's badge credential and core1's published endorsement of it (tests/api/contract_data.py gives the demo's
# these public ids; on the dev host they are random UUIDs: GET /api/dcp/v1/credentials/ as grace lists hers).
DEMO_CREDENTIAL_ID = "5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f"
DEMO_ENDORSEMENT_CREDENTIAL_ID = "9b2e4c1a-3d5f-4e6a-8b7c-1d2e3f4a5b6c"

OPERATIONS = {
    "credentials_list": operation(
        "The credentials the caller holds on this site; program staff also see those of their programs.",
        response={
            "public_id": "5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f",
            "id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "program": "dcp",
            "track": "engineer",
            "track_name": "Distinguished Engineer",
            "member": "grace",
            "term_number": 1,
            "valid_from": "2025-07-01T00:00:00Z",
            "valid_until": "2027-07-01T00:00:00Z",
            "issued_at": "2026-12-01T10:47:52.961857Z",
            "revoked_at": None,
            "revocation_reason": "",
            "revocation_reason_published": False,
            "kid": "dev",
            "alg": "RS256",
            "jwt_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/jwt/",
            "verify_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/verify/?id=http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "download_json": "http://127.0.0.1:8000/api/dcp/v1/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/download.json",
            "download_jwt": "http://127.0.0.1:8000/api/dcp/v1/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/download.jwt",
        },
    ),
    "credentials_retrieve": operation(
        "One credential with its document and VC-JWT (holder or program staff).",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
        response={
            "public_id": "5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f",
            "id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "program": "dcp",
            "track": "engineer",
            "track_name": "Distinguished Engineer",
            "member": "grace",
            "term_number": 1,
            "valid_from": "2025-07-01T00:00:00Z",
            "valid_until": "2027-07-01T00:00:00Z",
            "issued_at": "2026-12-01T10:47:52.961857Z",
            "revoked_at": None,
            "revocation_reason": "",
            "revocation_reason_published": False,
            "kid": "dev",
            "alg": "RS256",
            "jwt_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/jwt/",
            "verify_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/verify/?id=http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "download_json": "http://127.0.0.1:8000/api/dcp/v1/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/download.json",
            "download_jwt": "http://127.0.0.1:8000/api/dcp/v1/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/download.jwt",
            "document": {
                "@context": [
                    "https://www.w3.org/ns/credentials/v2",
                    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                ],
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "name": "Distinguished Engineer, Open edX Distinguished Contributor Program",
                "description": "Distinguished Engineer of Open edX Distinguished Contributor Program, term 1.",
                "issuer": {
                    "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
                    "type": ["Profile"],
                    "name": "Open edX community",
                    "url": "http://127.0.0.1:8000/",
                    "description": "Recognizes the people and organizations who push Open edX forward.",
                },
                "validFrom": "2025-07-01T00:00:00Z",
                "credentialSubject": {
                    "type": ["AchievementSubject"],
                    "achievement": {
                        "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/",
                        "type": ["Achievement"],
                        "achievementType": "Membership",
                        "name": "Distinguished Engineer",
                        "description": ("Developers, software architects and engineers advancing Open edX's core architecture "
                         "and infrastructure."),
                        "criteria": {
                            "narrative": ("Sustained technical contributions to Open edX (at least two years): platform "
                             "enhancements, architecture improvements, mentorship of new contributors; "
                             "assessed on depth, originality and adoption within the ecosystem."),
                        },
                        "image": {
                            "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                            "type": "Image",
                            "caption": "Distinguished Engineer",
                        },
                    },
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/badges/grace/",
                    "identifier": [
                        {
                            "type": "IdentityObject",
                            "identityType": "emailAddress",
                            "hashed": True,
                            "identityHash": "sha256$d2bc486b7f8e2769d725baa5895885fdfa7f31a51bc238c3ef427f2ffdb18f20",
                            "salt": "3ccc5e504d073a6d",
                        },
                    ],
                },
                "credentialStatus": {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/#27102",
                    "type": "BitstringStatusListEntry",
                    "statusPurpose": "revocation",
                    "statusListIndex": "27102",
                    "statusListCredential": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/",
                },
                "validUntil": "2027-07-01T00:00:00Z",
                "image": {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                    "type": "Image",
                    "caption": "Distinguished Engineer",
                },
                "evidence": [
                    {
                        "id": "https://github.com/openedx/frontend-app-authoring/pulls",
                        "type": ["Evidence"],
                        "name": "Nomination evidence",
                    },
                ],
            },
            "jwt": "eyJhbGciOiJSUzI1NiIsImtpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AjZGV2IiwidHlwIjoiSldUIn0.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xvYmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2NyZWRlbnRpYWxzLzVmMGM2ZDFlLThhMmItNGMzZC05ZTRmLTBhMWIyYzNkNGU1Zi8iLCJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIiwiT3BlbkJhZGdlQ3JlZGVudGlhbCJdLCJuYW1lIjoiRGlzdGluZ3Vpc2hlZCBFbmdpbmVlciwgT3BlbiBlZFggRGlzdGluZ3Vpc2hlZCBDb250cmlidXRvciBQcm9ncmFtIiwiZGVzY3JpcHRpb24iOiJEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIG9mIE9wZW4gZWRYIERpc3Rpbmd1aXNoZWQgQ29udHJpYnV0b3IgUHJvZ3JhbSwgdGVybSAxLiIsImlzc3VlciI6eyJpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AiLCJ0eXBlIjpbIlByb2ZpbGUiXSwibmFtZSI6Ik9wZW4gZWRYIGNvbW11bml0eSIsInVybCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC8iLCJkZXNjcmlwdGlvbiI6IlJlY29nbml6ZXMgdGhlIHBlb3BsZSBhbmQgb3JnYW5pemF0aW9ucyB3aG8gcHVzaCBPcGVuIGVkWCBmb3J3YXJkLiJ9LCJ2YWxpZEZyb20iOiIyMDI1LTA3LTAxVDAwOjAwOjAwWiIsImNyZWRlbnRpYWxTdWJqZWN0Ijp7InR5cGUiOlsiQWNoaWV2ZW1lbnRTdWJqZWN0Il0sImFjaGlldmVtZW50Ijp7ImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL3Byb2dyYW1zL2RjcC9hY2hpZXZlbWVudHMvZW5naW5lZXIvIiwidHlwZSI6WyJBY2hpZXZlbWVudCJdLCJhY2hpZXZlbWVudFR5cGUiOiJNZW1iZXJzaGlwIiwibmFtZSI6IkRpc3Rpbmd1aXNoZWQgRW5naW5lZXIiLCJkZXNjcmlwdGlvbiI6IkRldmVsb3BlcnMsIHNvZnR3YXJlIGFyY2hpdGVjdHMgYW5kIGVuZ2luZWVycyBhZHZhbmNpbmcgT3BlbiBlZFgncyBjb3JlIGFyY2hpdGVjdHVyZSBhbmQgaW5mcmFzdHJ1Y3R1cmUuIiwiY3JpdGVyaWEiOnsibmFycmF0aXZlIjoiU3VzdGFpbmVkIHRlY2huaWNhbCBjb250cmlidXRpb25zIHRvIE9wZW4gZWRYIChhdCBsZWFzdCB0d28geWVhcnMpOiBwbGF0Zm9ybSBlbmhhbmNlbWVudHMsIGFyY2hpdGVjdHVyZSBpbXByb3ZlbWVudHMsIG1lbnRvcnNoaXAgb2YgbmV3IGNvbnRyaWJ1dG9yczsgYXNzZXNzZWQgb24gZGVwdGgsIG9yaWdpbmFsaXR5IGFuZCBhZG9wdGlvbiB3aXRoaW4gdGhlIGVjb3N5c3RlbS4ifSwiaW1hZ2UiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL2FjaGlldmVtZW50cy9lbmdpbmVlci9pbWFnZS5wbmciLCJ0eXBlIjoiSW1hZ2UiLCJjYXB0aW9uIjoiRGlzdGluZ3Vpc2hlZCBFbmdpbmVlciJ9fSwiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvYmFkZ2VzL2dyYWNlLyIsImlkZW50aWZpZXIiOlt7InR5cGUiOiJJZGVudGl0eU9iamVjdCIsImlkZW50aXR5VHlwZSI6ImVtYWlsQWRkcmVzcyIsImhhc2hlZCI6dHJ1ZSwiaWRlbnRpdHlIYXNoIjoic2hhMjU2JGQyYmM0ODZiN2Y4ZTI3NjlkNzI1YmFhNTg5NTg4NWZkZmE3ZjMxYTUxYmMyMzhjM2VmNDI3ZjJmZmRiMThmMjAiLCJzYWx0IjoiM2NjYzVlNTA0ZDA3M2E2ZCJ9XX0sImNyZWRlbnRpYWxTdGF0dXMiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyMyNzEwMiIsInR5cGUiOiJCaXRzdHJpbmdTdGF0dXNMaXN0RW50cnkiLCJzdGF0dXNQdXJwb3NlIjoicmV2b2NhdGlvbiIsInN0YXR1c0xpc3RJbmRleCI6IjI3MTAyIiwic3RhdHVzTGlzdENyZWRlbnRpYWwiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyJ9LCJ2YWxpZFVudGlsIjoiMjAyNy0wNy0wMVQwMDowMDowMFoiLCJpbWFnZSI6eyJpZCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9wcm9ncmFtcy9kY3AvYWNoaWV2ZW1lbnRzL2VuZ2luZWVyL2ltYWdlLnBuZyIsInR5cGUiOiJJbWFnZSIsImNhcHRpb24iOiJEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIn0sImV2aWRlbmNlIjpbeyJpZCI6Imh0dHBzOi8vZ2l0aHViLmNvbS9vcGVuZWR4L2Zyb250ZW5kLWFwcC1hdXRob3JpbmcvcHVsbHMiLCJ0eXBlIjpbIkV2aWRlbmNlIl0sIm5hbWUiOiJOb21pbmF0aW9uIGV2aWRlbmNlIn1dLCJpc3MiOiJkaWQ6d2ViOjEyNy4wLjAuMSUzQTgwMDA6YXBpOmRjcDp2MTpwdWJsaWM6cHJvZ3JhbXM6ZGNwIiwianRpIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2NyZWRlbnRpYWxzLzVmMGM2ZDFlLThhMmItNGMzZC05ZTRmLTBhMWIyYzNkNGU1Zi8iLCJuYmYiOjE3NTEzMjgwMDAsInN1YiI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9iYWRnZXMvZ3JhY2UvIiwiZXhwIjoxODE0NDAwMDAwfQ.bsGBGp0v0InlM33VoMhfye77o_PuOqEIwn6HQdfyKhLf__QeSXG7bcHLYwRtEqUKv1Zqcgxjd0jGbCepJZm2AiA8K6esbhyY1i-oWrnfDhHBsiLO-MQyBsheUR6h9Wcqf-jJoi6TJEYIqsmbp-MW2Ak8hFYk_7MmXOq5-JhzwBPd4D0Rv3hzcNUUb5EvHnzGYs9DSWzRDOp3e6kmVOiA_X-mwnq0LZ22qDcYYvh7tOpKr05SyCChVGaWSetflOaookbn6H4jjspi0AjikP8MudClwXikZJOtnvAppkU_7NQS3qo0ka5LT182V5d6yo3X6OIxxW4MaKQFkbuSxFKM8Eri9569zBvogByJfkqcZvY9zcTmEJnc4ZkGXL3Az3q1ylDGgEq8a3VCuBS8aacgJFHYREPtneNMRNmHq2a_GxDXdoG95k5TR43He6tXcjSaF7ss-GCVVvIXlYfG9lNh5mQ8TuwQRr7s1ON0CB6zOUQbN-Pc_gp8YSEWdpjj0VAs",
        },
    ),
    "credentials_download.json_retrieve": operation(
        "The credential as a JSON file to save or import in a wallet.",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
        response={
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "Distinguished Engineer, Open edX Distinguished Contributor Program",
            "description": "Distinguished Engineer of Open edX Distinguished Contributor Program, term 1.",
            "issuer": {
                "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
                "type": ["Profile"],
                "name": "Open edX community",
                "url": "http://127.0.0.1:8000/",
                "description": "Recognizes the people and organizations who push Open edX forward.",
            },
            "validFrom": "2025-07-01T00:00:00Z",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/",
                    "type": ["Achievement"],
                    "achievementType": "Membership",
                    "name": "Distinguished Engineer",
                    "description": ("Developers, software architects and engineers advancing Open edX's core architecture and "
                     "infrastructure."),
                    "criteria": {
                        "narrative": ("Sustained technical contributions to Open edX (at least two years): platform "
                         "enhancements, architecture improvements, mentorship of new contributors; assessed on "
                         "depth, originality and adoption within the ecosystem."),
                    },
                    "image": {
                        "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                        "type": "Image",
                        "caption": "Distinguished Engineer",
                    },
                },
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/badges/grace/",
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityType": "emailAddress",
                        "hashed": True,
                        "identityHash": "sha256$d2bc486b7f8e2769d725baa5895885fdfa7f31a51bc238c3ef427f2ffdb18f20",
                        "salt": "3ccc5e504d073a6d",
                    },
                ],
            },
            "credentialStatus": {
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/#27102",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": "27102",
                "statusListCredential": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/",
            },
            "validUntil": "2027-07-01T00:00:00Z",
            "image": {
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                "type": "Image",
                "caption": "Distinguished Engineer",
            },
            "evidence": [
                {
                    "id": "https://github.com/openedx/frontend-app-authoring/pulls",
                    "type": ["Evidence"],
                    "name": "Nomination evidence",
                },
            ],
            "proof": [
                {
                    "type": "DataIntegrityProof",
                    "cryptosuite": "eddsa-rdfc-2022",
                    "created": "2026-12-01T10:47:52Z",
                    "verificationMethod": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev-eddsa",
                    "proofPurpose": "assertionMethod",
                    "proofValue": "z3wQAQEZmWtz6a5iAJhonva3Mai47aA26nRxfVtqgQXqVYHDb8eC5jmT6dg9KKuAvJrFqR1FN6cvUR5DGheL8Xh65",
                },
            ],
        },
    ),
    "credentials_download.jwt_retrieve": operation(
        "The credential as a VC-JWT file.",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
        response="eyJhbGciOiJSUzI1NiIsImtpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AjZGV2IiwidHlwIjoiSldUIn0.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xvYmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2NyZWRlbnRpYWxzLzVmMGM2ZDFlLThhMmItNGMzZC05ZTRmLTBhMWIyYzNkNGU1Zi8iLCJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIiwiT3BlbkJhZGdlQ3JlZGVudGlhbCJdLCJuYW1lIjoiRGlzdGluZ3Vpc2hlZCBFbmdpbmVlciwgT3BlbiBlZFggRGlzdGluZ3Vpc2hlZCBDb250cmlidXRvciBQcm9ncmFtIiwiZGVzY3JpcHRpb24iOiJEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIG9mIE9wZW4gZWRYIERpc3Rpbmd1aXNoZWQgQ29udHJpYnV0b3IgUHJvZ3JhbSwgdGVybSAxLiIsImlzc3VlciI6eyJpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AiLCJ0eXBlIjpbIlByb2ZpbGUiXSwibmFtZSI6Ik9wZW4gZWRYIGNvbW11bml0eSIsInVybCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC8iLCJkZXNjcmlwdGlvbiI6IlJlY29nbml6ZXMgdGhlIHBlb3BsZSBhbmQgb3JnYW5pemF0aW9ucyB3aG8gcHVzaCBPcGVuIGVkWCBmb3J3YXJkLiJ9LCJ2YWxpZEZyb20iOiIyMDI1LTA3LTAxVDAwOjAwOjAwWiIsImNyZWRlbnRpYWxTdWJqZWN0Ijp7InR5cGUiOlsiQWNoaWV2ZW1lbnRTdWJqZWN0Il0sImFjaGlldmVtZW50Ijp7ImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL3Byb2dyYW1zL2RjcC9hY2hpZXZlbWVudHMvZW5naW5lZXIvIiwidHlwZSI6WyJBY2hpZXZlbWVudCJdLCJhY2hpZXZlbWVudFR5cGUiOiJNZW1iZXJzaGlwIiwibmFtZSI6IkRpc3Rpbmd1aXNoZWQgRW5naW5lZXIiLCJkZXNjcmlwdGlvbiI6IkRldmVsb3BlcnMsIHNvZnR3YXJlIGFyY2hpdGVjdHMgYW5kIGVuZ2luZWVycyBhZHZhbmNpbmcgT3BlbiBlZFgncyBjb3JlIGFyY2hpdGVjdHVyZSBhbmQgaW5mcmFzdHJ1Y3R1cmUuIiwiY3JpdGVyaWEiOnsibmFycmF0aXZlIjoiU3VzdGFpbmVkIHRlY2huaWNhbCBjb250cmlidXRpb25zIHRvIE9wZW4gZWRYIChhdCBsZWFzdCB0d28geWVhcnMpOiBwbGF0Zm9ybSBlbmhhbmNlbWVudHMsIGFyY2hpdGVjdHVyZSBpbXByb3ZlbWVudHMsIG1lbnRvcnNoaXAgb2YgbmV3IGNvbnRyaWJ1dG9yczsgYXNzZXNzZWQgb24gZGVwdGgsIG9yaWdpbmFsaXR5IGFuZCBhZG9wdGlvbiB3aXRoaW4gdGhlIGVjb3N5c3RlbS4ifSwiaW1hZ2UiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL2FjaGlldmVtZW50cy9lbmdpbmVlci9pbWFnZS5wbmciLCJ0eXBlIjoiSW1hZ2UiLCJjYXB0aW9uIjoiRGlzdGluZ3Vpc2hlZCBFbmdpbmVlciJ9fSwiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvYmFkZ2VzL2dyYWNlLyIsImlkZW50aWZpZXIiOlt7InR5cGUiOiJJZGVudGl0eU9iamVjdCIsImlkZW50aXR5VHlwZSI6ImVtYWlsQWRkcmVzcyIsImhhc2hlZCI6dHJ1ZSwiaWRlbnRpdHlIYXNoIjoic2hhMjU2JGQyYmM0ODZiN2Y4ZTI3NjlkNzI1YmFhNTg5NTg4NWZkZmE3ZjMxYTUxYmMyMzhjM2VmNDI3ZjJmZmRiMThmMjAiLCJzYWx0IjoiM2NjYzVlNTA0ZDA3M2E2ZCJ9XX0sImNyZWRlbnRpYWxTdGF0dXMiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyMyNzEwMiIsInR5cGUiOiJCaXRzdHJpbmdTdGF0dXNMaXN0RW50cnkiLCJzdGF0dXNQdXJwb3NlIjoicmV2b2NhdGlvbiIsInN0YXR1c0xpc3RJbmRleCI6IjI3MTAyIiwic3RhdHVzTGlzdENyZWRlbnRpYWwiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyJ9LCJ2YWxpZFVudGlsIjoiMjAyNy0wNy0wMVQwMDowMDowMFoiLCJpbWFnZSI6eyJpZCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9wcm9ncmFtcy9kY3AvYWNoaWV2ZW1lbnRzL2VuZ2luZWVyL2ltYWdlLnBuZyIsInR5cGUiOiJJbWFnZSIsImNhcHRpb24iOiJEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIn0sImV2aWRlbmNlIjpbeyJpZCI6Imh0dHBzOi8vZ2l0aHViLmNvbS9vcGVuZWR4L2Zyb250ZW5kLWFwcC1hdXRob3JpbmcvcHVsbHMiLCJ0eXBlIjpbIkV2aWRlbmNlIl0sIm5hbWUiOiJOb21pbmF0aW9uIGV2aWRlbmNlIn1dLCJpc3MiOiJkaWQ6d2ViOjEyNy4wLjAuMSUzQTgwMDA6YXBpOmRjcDp2MTpwdWJsaWM6cHJvZ3JhbXM6ZGNwIiwianRpIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2NyZWRlbnRpYWxzLzVmMGM2ZDFlLThhMmItNGMzZC05ZTRmLTBhMWIyYzNkNGU1Zi8iLCJuYmYiOjE3NTEzMjgwMDAsInN1YiI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9iYWRnZXMvZ3JhY2UvIiwiZXhwIjoxODE0NDAwMDAwfQ.bsGBGp0v0InlM33VoMhfye77o_PuOqEIwn6HQdfyKhLf__QeSXG7bcHLYwRtEqUKv1Zqcgxjd0jGbCepJZm2AiA8K6esbhyY1i-oWrnfDhHBsiLO-MQyBsheUR6h9Wcqf-jJoi6TJEYIqsmbp-MW2Ak8hFYk_7MmXOq5-JhzwBPd4D0Rv3hzcNUUb5EvHnzGYs9DSWzRDOp3e6kmVOiA_X-mwnq0LZ22qDcYYvh7tOpKr05SyCChVGaWSetflOaookbn6H4jjspi0AjikP8MudClwXikZJOtnvAppkU_7NQS3qo0ka5LT182V5d6yo3X6OIxxW4MaKQFkbuSxFKM8Eri9569zBvogByJfkqcZvY9zcTmEJnc4ZkGXL3Az3q1ylDGgEq8a3VCuBS8aacgJFHYREPtneNMRNmHq2a_GxDXdoG95k5TR43He6tXcjSaF7ss-GCVVvIXlYfG9lNh5mQ8TuwQRr7s1ON0CB6zOUQbN-Pc_gp8YSEWdpjj0VAs",
        media_type="application/jwt",
    ),
    "credentials_revoke_create": operation(
        "Program staff revoke a credential with a reason (published in the status list when `publish_reason`).",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
        request={"reason": "Issued in error.", "publish_reason": False},
        response={
            "public_id": "5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f",
            "id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "program": "dcp",
            "track": "engineer",
            "track_name": "Distinguished Engineer",
            "member": "grace",
            "term_number": 1,
            "valid_from": "2025-07-01T00:00:00Z",
            "valid_until": "2027-07-01T00:00:00Z",
            "issued_at": "2026-12-01T10:47:52.961857Z",
            "revoked_at": "2026-12-01T10:47:59.838050Z",
            "revocation_reason": "Issued in error.",
            "revocation_reason_published": False,
            "kid": "dev",
            "alg": "RS256",
            "jwt_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/jwt/",
            "verify_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/verify/?id=http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "download_json": "http://127.0.0.1:8000/api/dcp/v1/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/download.json",
            "download_jwt": "http://127.0.0.1:8000/api/dcp/v1/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/download.jwt",
            "document": {
                "@context": [
                    "https://www.w3.org/ns/credentials/v2",
                    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                ],
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
                "type": ["VerifiableCredential", "OpenBadgeCredential"],
                "name": "Distinguished Engineer, Open edX Distinguished Contributor Program",
                "description": "Distinguished Engineer of Open edX Distinguished Contributor Program, term 1.",
                "issuer": {
                    "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
                    "type": ["Profile"],
                    "name": "Open edX community",
                    "url": "http://127.0.0.1:8000/",
                    "description": "Recognizes the people and organizations who push Open edX forward.",
                },
                "validFrom": "2025-07-01T00:00:00Z",
                "credentialSubject": {
                    "type": ["AchievementSubject"],
                    "achievement": {
                        "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/",
                        "type": ["Achievement"],
                        "achievementType": "Membership",
                        "name": "Distinguished Engineer",
                        "description": ("Developers, software architects and engineers advancing Open edX's core architecture "
                         "and infrastructure."),
                        "criteria": {
                            "narrative": ("Sustained technical contributions to Open edX (at least two years): platform "
                             "enhancements, architecture improvements, mentorship of new contributors; "
                             "assessed on depth, originality and adoption within the ecosystem."),
                        },
                        "image": {
                            "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                            "type": "Image",
                            "caption": "Distinguished Engineer",
                        },
                    },
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/badges/grace/",
                    "identifier": [
                        {
                            "type": "IdentityObject",
                            "identityType": "emailAddress",
                            "hashed": True,
                            "identityHash": "sha256$d2bc486b7f8e2769d725baa5895885fdfa7f31a51bc238c3ef427f2ffdb18f20",
                            "salt": "3ccc5e504d073a6d",
                        },
                    ],
                },
                "credentialStatus": {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/#27102",
                    "type": "BitstringStatusListEntry",
                    "statusPurpose": "revocation",
                    "statusListIndex": "27102",
                    "statusListCredential": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/",
                },
                "validUntil": "2027-07-01T00:00:00Z",
                "image": {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                    "type": "Image",
                    "caption": "Distinguished Engineer",
                },
                "evidence": [
                    {
                        "id": "https://github.com/openedx/frontend-app-authoring/pulls",
                        "type": ["Evidence"],
                        "name": "Nomination evidence",
                    },
                ],
            },
            "jwt": "eyJhbGciOiJSUzI1NiIsImtpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AjZGV2IiwidHlwIjoiSldUIn0.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xvYmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2NyZWRlbnRpYWxzLzVmMGM2ZDFlLThhMmItNGMzZC05ZTRmLTBhMWIyYzNkNGU1Zi8iLCJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIiwiT3BlbkJhZGdlQ3JlZGVudGlhbCJdLCJuYW1lIjoiRGlzdGluZ3Vpc2hlZCBFbmdpbmVlciwgT3BlbiBlZFggRGlzdGluZ3Vpc2hlZCBDb250cmlidXRvciBQcm9ncmFtIiwiZGVzY3JpcHRpb24iOiJEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIG9mIE9wZW4gZWRYIERpc3Rpbmd1aXNoZWQgQ29udHJpYnV0b3IgUHJvZ3JhbSwgdGVybSAxLiIsImlzc3VlciI6eyJpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AiLCJ0eXBlIjpbIlByb2ZpbGUiXSwibmFtZSI6Ik9wZW4gZWRYIGNvbW11bml0eSIsInVybCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC8iLCJkZXNjcmlwdGlvbiI6IlJlY29nbml6ZXMgdGhlIHBlb3BsZSBhbmQgb3JnYW5pemF0aW9ucyB3aG8gcHVzaCBPcGVuIGVkWCBmb3J3YXJkLiJ9LCJ2YWxpZEZyb20iOiIyMDI1LTA3LTAxVDAwOjAwOjAwWiIsImNyZWRlbnRpYWxTdWJqZWN0Ijp7InR5cGUiOlsiQWNoaWV2ZW1lbnRTdWJqZWN0Il0sImFjaGlldmVtZW50Ijp7ImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL3Byb2dyYW1zL2RjcC9hY2hpZXZlbWVudHMvZW5naW5lZXIvIiwidHlwZSI6WyJBY2hpZXZlbWVudCJdLCJhY2hpZXZlbWVudFR5cGUiOiJNZW1iZXJzaGlwIiwibmFtZSI6IkRpc3Rpbmd1aXNoZWQgRW5naW5lZXIiLCJkZXNjcmlwdGlvbiI6IkRldmVsb3BlcnMsIHNvZnR3YXJlIGFyY2hpdGVjdHMgYW5kIGVuZ2luZWVycyBhZHZhbmNpbmcgT3BlbiBlZFgncyBjb3JlIGFyY2hpdGVjdHVyZSBhbmQgaW5mcmFzdHJ1Y3R1cmUuIiwiY3JpdGVyaWEiOnsibmFycmF0aXZlIjoiU3VzdGFpbmVkIHRlY2huaWNhbCBjb250cmlidXRpb25zIHRvIE9wZW4gZWRYIChhdCBsZWFzdCB0d28geWVhcnMpOiBwbGF0Zm9ybSBlbmhhbmNlbWVudHMsIGFyY2hpdGVjdHVyZSBpbXByb3ZlbWVudHMsIG1lbnRvcnNoaXAgb2YgbmV3IGNvbnRyaWJ1dG9yczsgYXNzZXNzZWQgb24gZGVwdGgsIG9yaWdpbmFsaXR5IGFuZCBhZG9wdGlvbiB3aXRoaW4gdGhlIGVjb3N5c3RlbS4ifSwiaW1hZ2UiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL2FjaGlldmVtZW50cy9lbmdpbmVlci9pbWFnZS5wbmciLCJ0eXBlIjoiSW1hZ2UiLCJjYXB0aW9uIjoiRGlzdGluZ3Vpc2hlZCBFbmdpbmVlciJ9fSwiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvYmFkZ2VzL2dyYWNlLyIsImlkZW50aWZpZXIiOlt7InR5cGUiOiJJZGVudGl0eU9iamVjdCIsImlkZW50aXR5VHlwZSI6ImVtYWlsQWRkcmVzcyIsImhhc2hlZCI6dHJ1ZSwiaWRlbnRpdHlIYXNoIjoic2hhMjU2JGQyYmM0ODZiN2Y4ZTI3NjlkNzI1YmFhNTg5NTg4NWZkZmE3ZjMxYTUxYmMyMzhjM2VmNDI3ZjJmZmRiMThmMjAiLCJzYWx0IjoiM2NjYzVlNTA0ZDA3M2E2ZCJ9XX0sImNyZWRlbnRpYWxTdGF0dXMiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyMyNzEwMiIsInR5cGUiOiJCaXRzdHJpbmdTdGF0dXNMaXN0RW50cnkiLCJzdGF0dXNQdXJwb3NlIjoicmV2b2NhdGlvbiIsInN0YXR1c0xpc3RJbmRleCI6IjI3MTAyIiwic3RhdHVzTGlzdENyZWRlbnRpYWwiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyJ9LCJ2YWxpZFVudGlsIjoiMjAyNy0wNy0wMVQwMDowMDowMFoiLCJpbWFnZSI6eyJpZCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9wcm9ncmFtcy9kY3AvYWNoaWV2ZW1lbnRzL2VuZ2luZWVyL2ltYWdlLnBuZyIsInR5cGUiOiJJbWFnZSIsImNhcHRpb24iOiJEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIn0sImV2aWRlbmNlIjpbeyJpZCI6Imh0dHBzOi8vZ2l0aHViLmNvbS9vcGVuZWR4L2Zyb250ZW5kLWFwcC1hdXRob3JpbmcvcHVsbHMiLCJ0eXBlIjpbIkV2aWRlbmNlIl0sIm5hbWUiOiJOb21pbmF0aW9uIGV2aWRlbmNlIn1dLCJpc3MiOiJkaWQ6d2ViOjEyNy4wLjAuMSUzQTgwMDA6YXBpOmRjcDp2MTpwdWJsaWM6cHJvZ3JhbXM6ZGNwIiwianRpIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2NyZWRlbnRpYWxzLzVmMGM2ZDFlLThhMmItNGMzZC05ZTRmLTBhMWIyYzNkNGU1Zi8iLCJuYmYiOjE3NTEzMjgwMDAsInN1YiI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9iYWRnZXMvZ3JhY2UvIiwiZXhwIjoxODE0NDAwMDAwfQ.bsGBGp0v0InlM33VoMhfye77o_PuOqEIwn6HQdfyKhLf__QeSXG7bcHLYwRtEqUKv1Zqcgxjd0jGbCepJZm2AiA8K6esbhyY1i-oWrnfDhHBsiLO-MQyBsheUR6h9Wcqf-jJoi6TJEYIqsmbp-MW2Ak8hFYk_7MmXOq5-JhzwBPd4D0Rv3hzcNUUb5EvHnzGYs9DSWzRDOp3e6kmVOiA_X-mwnq0LZ22qDcYYvh7tOpKr05SyCChVGaWSetflOaookbn6H4jjspi0AjikP8MudClwXikZJOtnvAppkU_7NQS3qo0ka5LT182V5d6yo3X6OIxxW4MaKQFkbuSxFKM8Eri9569zBvogByJfkqcZvY9zcTmEJnc4ZkGXL3Az3q1ylDGgEq8a3VCuBS8aacgJFHYREPtneNMRNmHq2a_GxDXdoG95k5TR43He6tXcjSaF7ss-GCVVvIXlYfG9lNh5mQ8TuwQRr7s1ON0CB6zOUQbN-Pc_gp8YSEWdpjj0VAs",
        },
    ),
    "endorsements_credential_consent_retrieve": operation(
        "The endorser's consent to publishing their endorsement as an EndorsementCredential.",
        parameters={"id": 9},
        response={
            "consent": True,
            "credentials": [
                {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/endorsements/9b2e4c1a-3d5f-4e6a-8b7c-1d2e3f4a5b6c/",
                    "jwt_url": "http://127.0.0.1:8000/api/dcp/v1/public/endorsements/9b2e4c1a-3d5f-4e6a-8b7c-1d2e3f4a5b6c/jwt/",
                    "endorser": "Endorsement by core1: Distinguished Engineer, Open edX Distinguished Contributor Program",
                    "comment": "",
                    "issued_at": "2026-12-01T10:47:54.044550Z",
                },
            ],
        },
    ),
    "endorsements_credential_consent_update": operation(
        ("The endorser gives or withdraws their consent to publishing their endorsement as an "
         "EndorsementCredential."),
        parameters={"id": 9},
        request={"consent": True},
        response={
            "consent": True,
            "credentials": [
                {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/endorsements/9b2e4c1a-3d5f-4e6a-8b7c-1d2e3f4a5b6c/",
                    "jwt_url": "http://127.0.0.1:8000/api/dcp/v1/public/endorsements/9b2e4c1a-3d5f-4e6a-8b7c-1d2e3f4a5b6c/jwt/",
                    "endorser": "Endorsement by core1: Distinguished Engineer, Open edX Distinguished Contributor Program",
                    "comment": "",
                    "issued_at": "2026-12-01T10:47:54.044550Z",
                },
            ],
        },
    ),
    "public_badges_retrieve": operation(
        "Anonymous: the live badges of a user on this site, for the LMS profile.",
        parameters={"username": "grace"},
        response={
            "username": "grace",
            "badges": [
                {
                    "program": "Open edX Distinguished Contributor Program",
                    "track": "engineer",
                    "track_name": "Distinguished Engineer",
                    "image": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                    "credential_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
                    "jwt_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/jwt/",
                    "verify_url": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/verify/?id=http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
                    "valid_from": "2025-07-01T00:00:00Z",
                    "valid_until": "2027-07-01T00:00:00Z",
                },
            ],
        },
    ),
    "public_credentials_retrieve": operation(
        "Anonymous: the OpenBadgeCredential (its id is this URL) as JSON-LD.",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
        response={
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "Distinguished Engineer, Open edX Distinguished Contributor Program",
            "description": "Distinguished Engineer of Open edX Distinguished Contributor Program, term 1.",
            "issuer": {
                "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
                "type": ["Profile"],
                "name": "Open edX community",
                "url": "http://127.0.0.1:8000/",
                "description": "Recognizes the people and organizations who push Open edX forward.",
            },
            "validFrom": "2025-07-01T00:00:00Z",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/",
                    "type": ["Achievement"],
                    "achievementType": "Membership",
                    "name": "Distinguished Engineer",
                    "description": ("Developers, software architects and engineers advancing Open edX's core architecture and "
                     "infrastructure."),
                    "criteria": {
                        "narrative": ("Sustained technical contributions to Open edX (at least two years): platform "
                         "enhancements, architecture improvements, mentorship of new contributors; assessed on "
                         "depth, originality and adoption within the ecosystem."),
                    },
                    "image": {
                        "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                        "type": "Image",
                        "caption": "Distinguished Engineer",
                    },
                },
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/badges/grace/",
                "identifier": [
                    {
                        "type": "IdentityObject",
                        "identityType": "emailAddress",
                        "hashed": True,
                        "identityHash": "sha256$d2bc486b7f8e2769d725baa5895885fdfa7f31a51bc238c3ef427f2ffdb18f20",
                        "salt": "3ccc5e504d073a6d",
                    },
                ],
            },
            "credentialStatus": {
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/#27102",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": "27102",
                "statusListCredential": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/",
            },
            "validUntil": "2027-07-01T00:00:00Z",
            "image": {
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                "type": "Image",
                "caption": "Distinguished Engineer",
            },
            "evidence": [
                {
                    "id": "https://github.com/openedx/frontend-app-authoring/pulls",
                    "type": ["Evidence"],
                    "name": "Nomination evidence",
                },
            ],
            "proof": [
                {
                    "type": "DataIntegrityProof",
                    "cryptosuite": "eddsa-rdfc-2022",
                    "created": "2026-12-01T10:47:52Z",
                    "verificationMethod": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev-eddsa",
                    "proofPurpose": "assertionMethod",
                    "proofValue": "z3wQAQEZmWtz6a5iAJhonva3Mai47aA26nRxfVtqgQXqVYHDb8eC5jmT6dg9KKuAvJrFqR1FN6cvUR5DGheL8Xh65",
                },
            ],
        },
    ),
    "public_credentials_jwt_retrieve": operation(
        "Anonymous: the credential as VC-JWT (compact JWS).",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
        response="eyJhbGciOiJSUzI1NiIsImtpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AjZGV2IiwidHlwIjoiSldUIn0.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xvYmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2NyZWRlbnRpYWxzLzVmMGM2ZDFlLThhMmItNGMzZC05ZTRmLTBhMWIyYzNkNGU1Zi8iLCJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIiwiT3BlbkJhZGdlQ3JlZGVudGlhbCJdLCJuYW1lIjoiRGlzdGluZ3Vpc2hlZCBFbmdpbmVlciwgT3BlbiBlZFggRGlzdGluZ3Vpc2hlZCBDb250cmlidXRvciBQcm9ncmFtIiwiZGVzY3JpcHRpb24iOiJEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIG9mIE9wZW4gZWRYIERpc3Rpbmd1aXNoZWQgQ29udHJpYnV0b3IgUHJvZ3JhbSwgdGVybSAxLiIsImlzc3VlciI6eyJpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AiLCJ0eXBlIjpbIlByb2ZpbGUiXSwibmFtZSI6Ik9wZW4gZWRYIGNvbW11bml0eSIsInVybCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC8iLCJkZXNjcmlwdGlvbiI6IlJlY29nbml6ZXMgdGhlIHBlb3BsZSBhbmQgb3JnYW5pemF0aW9ucyB3aG8gcHVzaCBPcGVuIGVkWCBmb3J3YXJkLiJ9LCJ2YWxpZEZyb20iOiIyMDI1LTA3LTAxVDAwOjAwOjAwWiIsImNyZWRlbnRpYWxTdWJqZWN0Ijp7InR5cGUiOlsiQWNoaWV2ZW1lbnRTdWJqZWN0Il0sImFjaGlldmVtZW50Ijp7ImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL3Byb2dyYW1zL2RjcC9hY2hpZXZlbWVudHMvZW5naW5lZXIvIiwidHlwZSI6WyJBY2hpZXZlbWVudCJdLCJhY2hpZXZlbWVudFR5cGUiOiJNZW1iZXJzaGlwIiwibmFtZSI6IkRpc3Rpbmd1aXNoZWQgRW5naW5lZXIiLCJkZXNjcmlwdGlvbiI6IkRldmVsb3BlcnMsIHNvZnR3YXJlIGFyY2hpdGVjdHMgYW5kIGVuZ2luZWVycyBhZHZhbmNpbmcgT3BlbiBlZFgncyBjb3JlIGFyY2hpdGVjdHVyZSBhbmQgaW5mcmFzdHJ1Y3R1cmUuIiwiY3JpdGVyaWEiOnsibmFycmF0aXZlIjoiU3VzdGFpbmVkIHRlY2huaWNhbCBjb250cmlidXRpb25zIHRvIE9wZW4gZWRYIChhdCBsZWFzdCB0d28geWVhcnMpOiBwbGF0Zm9ybSBlbmhhbmNlbWVudHMsIGFyY2hpdGVjdHVyZSBpbXByb3ZlbWVudHMsIG1lbnRvcnNoaXAgb2YgbmV3IGNvbnRyaWJ1dG9yczsgYXNzZXNzZWQgb24gZGVwdGgsIG9yaWdpbmFsaXR5IGFuZCBhZG9wdGlvbiB3aXRoaW4gdGhlIGVjb3N5c3RlbS4ifSwiaW1hZ2UiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL2FjaGlldmVtZW50cy9lbmdpbmVlci9pbWFnZS5wbmciLCJ0eXBlIjoiSW1hZ2UiLCJjYXB0aW9uIjoiRGlzdGluZ3Vpc2hlZCBFbmdpbmVlciJ9fSwiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvYmFkZ2VzL2dyYWNlLyIsImlkZW50aWZpZXIiOlt7InR5cGUiOiJJZGVudGl0eU9iamVjdCIsImlkZW50aXR5VHlwZSI6ImVtYWlsQWRkcmVzcyIsImhhc2hlZCI6dHJ1ZSwiaWRlbnRpdHlIYXNoIjoic2hhMjU2JGQyYmM0ODZiN2Y4ZTI3NjlkNzI1YmFhNTg5NTg4NWZkZmE3ZjMxYTUxYmMyMzhjM2VmNDI3ZjJmZmRiMThmMjAiLCJzYWx0IjoiM2NjYzVlNTA0ZDA3M2E2ZCJ9XX0sImNyZWRlbnRpYWxTdGF0dXMiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyMyNzEwMiIsInR5cGUiOiJCaXRzdHJpbmdTdGF0dXNMaXN0RW50cnkiLCJzdGF0dXNQdXJwb3NlIjoicmV2b2NhdGlvbiIsInN0YXR1c0xpc3RJbmRleCI6IjI3MTAyIiwic3RhdHVzTGlzdENyZWRlbnRpYWwiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyJ9LCJ2YWxpZFVudGlsIjoiMjAyNy0wNy0wMVQwMDowMDowMFoiLCJpbWFnZSI6eyJpZCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9wcm9ncmFtcy9kY3AvYWNoaWV2ZW1lbnRzL2VuZ2luZWVyL2ltYWdlLnBuZyIsInR5cGUiOiJJbWFnZSIsImNhcHRpb24iOiJEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIn0sImV2aWRlbmNlIjpbeyJpZCI6Imh0dHBzOi8vZ2l0aHViLmNvbS9vcGVuZWR4L2Zyb250ZW5kLWFwcC1hdXRob3JpbmcvcHVsbHMiLCJ0eXBlIjpbIkV2aWRlbmNlIl0sIm5hbWUiOiJOb21pbmF0aW9uIGV2aWRlbmNlIn1dLCJpc3MiOiJkaWQ6d2ViOjEyNy4wLjAuMSUzQTgwMDA6YXBpOmRjcDp2MTpwdWJsaWM6cHJvZ3JhbXM6ZGNwIiwianRpIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2NyZWRlbnRpYWxzLzVmMGM2ZDFlLThhMmItNGMzZC05ZTRmLTBhMWIyYzNkNGU1Zi8iLCJuYmYiOjE3NTEzMjgwMDAsInN1YiI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9iYWRnZXMvZ3JhY2UvIiwiZXhwIjoxODE0NDAwMDAwfQ.bsGBGp0v0InlM33VoMhfye77o_PuOqEIwn6HQdfyKhLf__QeSXG7bcHLYwRtEqUKv1Zqcgxjd0jGbCepJZm2AiA8K6esbhyY1i-oWrnfDhHBsiLO-MQyBsheUR6h9Wcqf-jJoi6TJEYIqsmbp-MW2Ak8hFYk_7MmXOq5-JhzwBPd4D0Rv3hzcNUUb5EvHnzGYs9DSWzRDOp3e6kmVOiA_X-mwnq0LZ22qDcYYvh7tOpKr05SyCChVGaWSetflOaookbn6H4jjspi0AjikP8MudClwXikZJOtnvAppkU_7NQS3qo0ka5LT182V5d6yo3X6OIxxW4MaKQFkbuSxFKM8Eri9569zBvogByJfkqcZvY9zcTmEJnc4ZkGXL3Az3q1ylDGgEq8a3VCuBS8aacgJFHYREPtneNMRNmHq2a_GxDXdoG95k5TR43He6tXcjSaF7ss-GCVVvIXlYfG9lNh5mQ8TuwQRr7s1ON0CB6zOUQbN-Pc_gp8YSEWdpjj0VAs",
        media_type="application/jwt",
    ),
    "public_credentials_badge.png_retrieve": operation(
        "Anonymous: the credential's badge as PNG with the credential baked in.",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
    ),
    "public_credentials_badge.svg_retrieve": operation(
        "Anonymous: the credential's badge as SVG with the credential baked in.",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
        response=('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="512" '
         'height="512" viewBox="0 0 512 512" role="img" aria-labelledby="dcp-badge-title dcp-badge-desc" '
         'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],"id":"http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/","type":["VerifiableCredential","OpenBadgeCredential"],"name":"Distinguished '
         'Engineer, Open edX Distinguished Contributor Program","description":"Distinguished Engineer of Open '
         "edX Distinguished Contributor Program, term "
         '1.","issuer":{"id":"did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp","type":["Profile"],"name":"Open '
         'edX community","url":"http://127.0.0.1:8000/","description":"Recognizes the people and organizations '
         "who push Open edX "
         'forward."},"validFrom":"2025-07-01T00:00:00Z","credentialSubject":{"type":["AchievementSubject"],"achievement":{"id":"http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/","type":["Achievement"],"achievementType":"Membership","name":"Distinguished '
         'Engineer","description":"Developers, software architects and engineers advancing Open edX\'s core '
         'architecture and infrastructure.","criteria":{"narrative":"Sustained technical contributions to Open '
         "edX (at least two years): platform enhancements, architecture improvements, mentorship of new "
         "contributors; assessed on depth, originality and adoption within the "
         'ecosystem."},"image":{"id":"http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png","type":"Image","caption":"Distinguished '
         'Engineer"}},"id":"http://127.0.0.1:8000/api/dcp/v1/public/badges/grace/","identifier":[{"type":"IdentityObject","identityType":"emailAddress","hashed":true,"identityHash":"sha256$d2bc486b7f8e2769d725baa5895885fdfa7f31a51bc238c3ef427f2ffdb18f20","salt":"3ccc5e504d073a6d"}]},"credentialStatus":{"id":"http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/#27102","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"27102","statusListCredential":"http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/1/"},"validUntil":"2027-07-01T00:00:00Z","image":{"id":"http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png","type":"Image","caption":"Distinguished '
         'Engineer"},"evidence":[{"id":"https://github.com/openedx/frontend-app-authoring/pulls","type":["Evidence"],"name":"Nomination '
         'evidence"}],"proof":[{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":"2026-12-01T10:47:52Z","verificationMethod":"did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev-eddsa","proofPurpose":"assertionMethod","proofValue":"z3wQAQEZmWtz6a5iAJhonva3Mai47aA26nRxfVtqgQXqVYHDb8eC5jmT6dg9KKuAvJrFqR1FN6cvUR5DGheL8Xh65"}]}]]></openbadges:credential><title '
         'id="dcp-badge-title">Distinguished Engineer badge, Open edX Distinguished Contributor '
         'Program</title><desc id="dcp-badge-desc">The badge of the Distinguished Engineer track of Open edX '
         "Distinguished Contributor Program: a red rosette with a white star.</desc><polygon "
         'points="256.0,16.0 298.1,44.2 347.8,34.3 376.0,76.4 425.7,86.3 435.6,136.0 477.7,164.2 467.8,213.9 '
         "496.0,256.0 467.8,298.1 477.7,347.8 435.6,376.0 425.7,425.7 376.0,435.6 347.8,477.7 298.1,467.8 "
         "256.0,496.0 213.9,467.8 164.2,477.7 136.0,435.6 86.3,425.7 76.4,376.0 34.3,347.8 44.2,298.1 "
         '16.0,256.0 44.2,213.9 34.3,164.2 76.4,136.0 86.3,86.3 136.0,76.4 164.2,34.3 213.9,44.2" '
         'fill="#7d2323"/><circle cx="256" cy="256" r="201.6" fill="none" stroke="#ffffff" '
         'stroke-width="6"/><text x="256" y="158.0" text-anchor="middle" dominant-baseline="middle" '
         'font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="21" fill="#ffffff">Open edX '
         'Distinguished</text><text x="256" y="183.2" text-anchor="middle" dominant-baseline="middle" '
         'font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="21" fill="#ffffff">Contributor '
         'Program</text><text x="256" y="248.0" text-anchor="middle" dominant-baseline="middle" '
         'font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="40" font-weight="bold" '
         'fill="#ffffff">Distinguished</text><text x="256" y="296.0" text-anchor="middle" '
         'dominant-baseline="middle" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="40" '
         'font-weight="bold" fill="#ffffff">Engineer</text><polygon points="256.0,338.0 264.4,360.4 '
         '288.3,361.5 269.6,376.4 276.0,399.5 256.0,386.3 236.0,399.5 242.4,376.4 223.7,361.5 247.6,360.4" '
         'fill="#ffffff"/></svg>'),
        media_type="image/svg+xml",
    ),
    "public_credentials_endorsements_retrieve": operation(
        "Anonymous: the live EndorsementCredentials about a badge credential.",
        parameters={"public_id": DEMO_CREDENTIAL_ID},
        response={
            "endorsements": [
                {
                    "id": "http://127.0.0.1:8000/api/dcp/v1/public/endorsements/9b2e4c1a-3d5f-4e6a-8b7c-1d2e3f4a5b6c/",
                    "jwt_url": "http://127.0.0.1:8000/api/dcp/v1/public/endorsements/9b2e4c1a-3d5f-4e6a-8b7c-1d2e3f4a5b6c/jwt/",
                    "endorser": "Endorsement by core1: Distinguished Engineer, Open edX Distinguished Contributor Program",
                    "comment": "",
                    "issued_at": "2026-12-01T10:47:54.044550Z",
                },
            ],
        },
    ),
    "public_credentials_verify_retrieve": operation(
        ("Anonymous: verify a credential given as `?jwt=` or `?id=`: signature, issuer, status list, expiry, "
         "each check with its result."),
        parameters={"id": DEMO_CREDENTIAL_ID},
        response={
            "valid": True,
            "status": "valid",
            "reason": "Signed by Open edX community, not revoked, valid until 2027-07-01T00:00:00Z.",
            "credential_id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "checks": [
                "key: dev of dcp",
                "signature: valid",
                "issued: matches the issuer's record",
                "status: not revoked",
                "validity period: current",
            ],
        },
    ),
    "public_credentials_verify_create": operation(
        "Anonymous: verify a credential given in the body (`jwt`, `credential` or `id`).",
        request={"id": "5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f"},
        response={
            "valid": False,
            "status": "revoked",
            "reason": "Revoked on 2026-12-01.",
            "credential_id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
            "checks": [
                "key: dev of dcp",
                "signature: valid",
                "issued: matches the issuer's record",
                "status: revoked",
            ],
        },
    ),
    "public_endorsements_retrieve": operation(
        "Anonymous: an EndorsementCredential (its id is this URL) as JSON-LD.",
        parameters={"public_id": DEMO_ENDORSEMENT_CREDENTIAL_ID},
        response={
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": "http://127.0.0.1:8000/api/dcp/v1/public/endorsements/9b2e4c1a-3d5f-4e6a-8b7c-1d2e3f4a5b6c/",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "name": "Endorsement by core1: Distinguished Engineer, Open edX Distinguished Contributor Program",
            "description": ("core1 endorsed the nomination that led to this Distinguished Engineer badge of Open edX "
             "Distinguished Contributor Program; the program publishes the endorsement with their consent."),
            "issuer": {
                "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
                "type": ["Profile"],
                "name": "Open edX community",
                "url": "http://127.0.0.1:8000/",
                "description": "Recognizes the people and organizations who push Open edX forward.",
            },
            "validFrom": "2026-12-01T10:47:54Z",
            "credentialSubject": {
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/credentials/5f0c6d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f/",
                "type": ["EndorsementSubject"],
            },
            "credentialStatus": {
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/2/#103177",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": "103177",
                "statusListCredential": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/status-lists/2/",
            },
            "proof": [
                {
                    "type": "DataIntegrityProof",
                    "cryptosuite": "eddsa-rdfc-2022",
                    "created": "2026-12-01T10:47:54Z",
                    "verificationMethod": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev-eddsa",
                    "proofPurpose": "assertionMethod",
                    "proofValue": "z2QqEzfHLCqweCiqFyTi1yd8c2NJ6GFEyQiTibcDWe19h4rb1hj1c5wcbLp2qoABE2Hmu8NAAhokCq6ho5NP2rHYC",
                },
            ],
        },
    ),
    "public_endorsements_jwt_retrieve": operation(
        "Anonymous: the EndorsementCredential as VC-JWT.",
        parameters={"public_id": DEMO_ENDORSEMENT_CREDENTIAL_ID},
        response="eyJhbGciOiJSUzI1NiIsImtpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AjZGV2IiwidHlwIjoiSldUIn0.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xvYmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2VuZG9yc2VtZW50cy85YjJlNGMxYS0zZDVmLTRlNmEtOGI3Yy0xZDJlM2Y0YTViNmMvIiwidHlwZSI6WyJWZXJpZmlhYmxlQ3JlZGVudGlhbCIsIkVuZG9yc2VtZW50Q3JlZGVudGlhbCJdLCJuYW1lIjoiRW5kb3JzZW1lbnQgYnkgY29yZTE6IERpc3Rpbmd1aXNoZWQgRW5naW5lZXIsIE9wZW4gZWRYIERpc3Rpbmd1aXNoZWQgQ29udHJpYnV0b3IgUHJvZ3JhbSIsImRlc2NyaXB0aW9uIjoiY29yZTEgZW5kb3JzZWQgdGhlIG5vbWluYXRpb24gdGhhdCBsZWQgdG8gdGhpcyBEaXN0aW5ndWlzaGVkIEVuZ2luZWVyIGJhZGdlIG9mIE9wZW4gZWRYIERpc3Rpbmd1aXNoZWQgQ29udHJpYnV0b3IgUHJvZ3JhbTsgdGhlIHByb2dyYW0gcHVibGlzaGVzIHRoZSBlbmRvcnNlbWVudCB3aXRoIHRoZWlyIGNvbnNlbnQuIiwiaXNzdWVyIjp7ImlkIjoiZGlkOndlYjoxMjcuMC4wLjElM0E4MDAwOmFwaTpkY3A6djE6cHVibGljOnByb2dyYW1zOmRjcCIsInR5cGUiOlsiUHJvZmlsZSJdLCJuYW1lIjoiT3BlbiBlZFggY29tbXVuaXR5IiwidXJsIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwLyIsImRlc2NyaXB0aW9uIjoiUmVjb2duaXplcyB0aGUgcGVvcGxlIGFuZCBvcmdhbml6YXRpb25zIHdobyBwdXNoIE9wZW4gZWRYIGZvcndhcmQuIn0sInZhbGlkRnJvbSI6IjIwMjYtMTItMDFUMTA6NDc6NTRaIiwiY3JlZGVudGlhbFN1YmplY3QiOnsiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvY3JlZGVudGlhbHMvNWYwYzZkMWUtOGEyYi00YzNkLTllNGYtMGExYjJjM2Q0ZTVmLyIsInR5cGUiOlsiRW5kb3JzZW1lbnRTdWJqZWN0Il19LCJjcmVkZW50aWFsU3RhdHVzIjp7ImlkIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL3Byb2dyYW1zL2RjcC9zdGF0dXMtbGlzdHMvMi8jMTAzMTc3IiwidHlwZSI6IkJpdHN0cmluZ1N0YXR1c0xpc3RFbnRyeSIsInN0YXR1c1B1cnBvc2UiOiJyZXZvY2F0aW9uIiwic3RhdHVzTGlzdEluZGV4IjoiMTAzMTc3Iiwic3RhdHVzTGlzdENyZWRlbnRpYWwiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8yLyJ9LCJpc3MiOiJkaWQ6d2ViOjEyNy4wLjAuMSUzQTgwMDA6YXBpOmRjcDp2MTpwdWJsaWM6cHJvZ3JhbXM6ZGNwIiwianRpIjoiaHR0cDovLzEyNy4wLjAuMTo4MDAwL2FwaS9kY3AvdjEvcHVibGljL2VuZG9yc2VtZW50cy85YjJlNGMxYS0zZDVmLTRlNmEtOGI3Yy0xZDJlM2Y0YTViNmMvIiwibmJmIjoxNzk2MTIyMDc0LCJzdWIiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvY3JlZGVudGlhbHMvNWYwYzZkMWUtOGEyYi00YzNkLTllNGYtMGExYjJjM2Q0ZTVmLyJ9.b8OXS2cPCdOUr-KTbZdScu6IdVUflJCRYv_uUKV9plD48z6BD7WjR62gS5oUIhccJot9eG1pJgrv-n085BcsKC1tMeYr7D1OXF2wQBqtLYoqUr63NTxwQZgh55dBWCDgsmn9bO4gCkT74FFQeHxvDpY0zRoBZxt7ftXuBSDBNPOHWe9hMzGaQa7pN5LmaUgYF7JDv8E7-e5zcRWGaUVy_M6gSKdBaVja1xCl4yxO1N8YTMTlrdkkqn_C9smbiJxE7rvBFgOgHCZziTzZ4W7HUL27Az8hR7QuNWaRdKLp7VnNrCWJmKiem-H2MFePMSbMJkjKa8kc6Zax0tMi1EgUlejEeRZ1LQXZ8d7dYl35fb8bFMYMI7eqtbEcULvuzx_70hMZwRBAB-yKtoAuFBQMpxtcEul3ttrABhfnST4TIA4e_CPgmEvhmf1dtMPMFVlCo-P9qPVb2SYcm8lT-y80TDoEKfJ_ALq-YcnJgbysfNISZ3-rLms3gN74RuOi5bCL",
        media_type="application/jwt",
    ),
    "public_programs_achievements_retrieve": operation(
        "Anonymous: the Achievement of a track (Open Badges 3.0).",
        parameters={"program_slug": "dcp", "track_slug": "engineer"},
        response={
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/",
            "type": ["Achievement"],
            "achievementType": "Membership",
            "name": "Distinguished Engineer",
            "description": ("Developers, software architects and engineers advancing Open edX's core architecture and "
             "infrastructure."),
            "criteria": {
                "narrative": ("Sustained technical contributions to Open edX (at least two years): platform enhancements, "
                 "architecture improvements, mentorship of new contributors; assessed on depth, originality "
                 "and adoption within the ecosystem."),
            },
            "image": {
                "id": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
                "type": "Image",
                "caption": "Distinguished Engineer",
            },
        },
    ),
    "public_programs_achievements_image.png_retrieve": operation(
        "Anonymous: the badge image of a track as PNG.",
        parameters={"program_slug": "dcp", "track_slug": "engineer"},
    ),
    "public_programs_achievements_image.svg_retrieve": operation(
        "Anonymous: the badge image of a track as SVG.",
        parameters={"program_slug": "dcp", "track_slug": "engineer"},
        response=('<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512" role="img" '
         'aria-labelledby="dcp-badge-title dcp-badge-desc"><title id="dcp-badge-title">Distinguished Engineer '
         'badge, Open edX Distinguished Contributor Program</title><desc id="dcp-badge-desc">The badge of the '
         "Distinguished Engineer track of Open edX Distinguished Contributor Program: a red rosette with a "
         'white star.</desc><polygon points="256.0,16.0 298.1,44.2 347.8,34.3 376.0,76.4 425.7,86.3 '
         "435.6,136.0 477.7,164.2 467.8,213.9 496.0,256.0 467.8,298.1 477.7,347.8 435.6,376.0 425.7,425.7 "
         "376.0,435.6 347.8,477.7 298.1,467.8 256.0,496.0 213.9,467.8 164.2,477.7 136.0,435.6 86.3,425.7 "
         "76.4,376.0 34.3,347.8 44.2,298.1 16.0,256.0 44.2,213.9 34.3,164.2 76.4,136.0 86.3,86.3 136.0,76.4 "
         '164.2,34.3 213.9,44.2" fill="#7d2323"/><circle cx="256" cy="256" r="201.6" fill="none" '
         'stroke="#ffffff" stroke-width="6"/><text x="256" y="158.0" text-anchor="middle" '
         'dominant-baseline="middle" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="21" '
         'fill="#ffffff">Open edX Distinguished</text><text x="256" y="183.2" text-anchor="middle" '
         'dominant-baseline="middle" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="21" '
         'fill="#ffffff">Contributor Program</text><text x="256" y="248.0" text-anchor="middle" '
         'dominant-baseline="middle" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="40" '
         'font-weight="bold" fill="#ffffff">Distinguished</text><text x="256" y="296.0" text-anchor="middle" '
         'dominant-baseline="middle" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="40" '
         'font-weight="bold" fill="#ffffff">Engineer</text><polygon points="256.0,338.0 264.4,360.4 '
         '288.3,361.5 269.6,376.4 276.0,399.5 256.0,386.3 236.0,399.5 242.4,376.4 223.7,361.5 247.6,360.4" '
         'fill="#ffffff"/></svg>'),
        media_type="image/svg+xml",
    ),
    "public_programs_did.json_retrieve": operation(
        "Anonymous: the DID document of the program's issuer (`did:web`).",
        parameters={"program_slug": "dcp"},
        response={
            "@context": [
                "https://www.w3.org/ns/did/v1",
                "https://w3id.org/security/multikey/v1",
                "https://w3id.org/security/suites/jws-2020/v1",
            ],
            "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
            "verificationMethod": [
                {
                    "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev",
                    "type": "JsonWebKey2020",
                    "controller": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
                    "publicKeyJwk": {
                        "n": "lZpVo9OD4C8QgR8b60T47EqOZ3O-d5PMDlr38o_MGF6va9UPGdvpkoRgAFxNdNEVZKd1c2UOYDzFA2V_MZ9kmBptJ3T94vs_lA6D2pxBEIqC5tRoV-JiWKuyEyft8jXtPawFBN5A2jT0pIVF12GU55u6Zsvh2GtAIhO79uutRsqwqiwBuHz4N8QLyh50rKQzOlmN6XyvmIcArnP9jjbI4rQ8ug-XLtku-jeWTTzbOLQWUlhE7xxA3p6aTUmxPaacwc1JmXQ-Ux9C_zaDSZy_ETa3VpFdpx11CY4NGWOOjCxUu0qK-BDP3-s2eFD2Y0dGpNfBdurw-8Oy6JLnxZWiQ9PNDc6NewdQriF1zRPZzPr4Qc3SRX5bzg3DvpK5801nNbNb1DUdbEFQzR_X8lEnp30sCHmAKe37ux_mRe8XJNPki7fmpIqonFFhgD3G4U-wuXgmUUiP3d7JwqMp6qiGvgzeZyw6lwx2QB2I9gJz7PpteV4VgRe0p19IY_TP1Lj9",
                        "e": "AQAB",
                        "kty": "RSA",
                        "alg": "RS256",
                    },
                },
                {
                    "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev-eddsa",
                    "type": "Multikey",
                    "controller": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
                    "publicKeyMultibase": "z6MkmXEHmANrJCXGTRWfZdS9PWCGpf8NVM2ayH598Kn8uo7x",
                },
            ],
            "assertionMethod": [
                "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev",
                "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev-eddsa",
            ],
            "service": [
                {
                    "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#issuer-profile",
                    "type": "OpenBadgesIssuerProfile",
                    "serviceEndpoint": "http://127.0.0.1:8000/api/dcp/v1/public/programs/dcp/issuer/",
                },
            ],
        },
        media_type="application/did+json",
    ),
    "public_programs_issuer_retrieve": operation(
        "Anonymous: the issuer Profile of a program.",
        parameters={"program_slug": "dcp"},
        response={
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            ],
            "id": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp",
            "type": ["Profile"],
            "name": "Open edX community",
            "url": "http://127.0.0.1:8000/",
            "description": "Recognizes the people and organizations who push Open edX forward.",
        },
    ),
    "public_programs_jwks_retrieve": operation(
        "Anonymous: the program's JWK Set, retired keys included.",
        parameters={"program_slug": "dcp"},
        response={
            "keys": [
                {
                    "n": "lZpVo9OD4C8QgR8b60T47EqOZ3O-d5PMDlr38o_MGF6va9UPGdvpkoRgAFxNdNEVZKd1c2UOYDzFA2V_MZ9kmBptJ3T94vs_lA6D2pxBEIqC5tRoV-JiWKuyEyft8jXtPawFBN5A2jT0pIVF12GU55u6Zsvh2GtAIhO79uutRsqwqiwBuHz4N8QLyh50rKQzOlmN6XyvmIcArnP9jjbI4rQ8ug-XLtku-jeWTTzbOLQWUlhE7xxA3p6aTUmxPaacwc1JmXQ-Ux9C_zaDSZy_ETa3VpFdpx11CY4NGWOOjCxUu0qK-BDP3-s2eFD2Y0dGpNfBdurw-8Oy6JLnxZWiQ9PNDc6NewdQriF1zRPZzPr4Qc3SRX5bzg3DvpK5801nNbNb1DUdbEFQzR_X8lEnp30sCHmAKe37ux_mRe8XJNPki7fmpIqonFFhgD3G4U-wuXgmUUiP3d7JwqMp6qiGvgzeZyw6lwx2QB2I9gJz7PpteV4VgRe0p19IY_TP1Lj9",
                    "e": "AQAB",
                    "kty": "RSA",
                    "kid": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev",
                    "alg": "RS256",
                    "use": "sig",
                },
            ],
        },
    ),
    "public_programs_keys_retrieve": operation(
        "Anonymous: one public key; its URL is the `kid` of the JWS headers.",
        parameters={"program_slug": "dcp", "kid": "dev"},
        response={
            "n": "lZpVo9OD4C8QgR8b60T47EqOZ3O-d5PMDlr38o_MGF6va9UPGdvpkoRgAFxNdNEVZKd1c2UOYDzFA2V_MZ9kmBptJ3T94vs_lA6D2pxBEIqC5tRoV-JiWKuyEyft8jXtPawFBN5A2jT0pIVF12GU55u6Zsvh2GtAIhO79uutRsqwqiwBuHz4N8QLyh50rKQzOlmN6XyvmIcArnP9jjbI4rQ8ug-XLtku-jeWTTzbOLQWUlhE7xxA3p6aTUmxPaacwc1JmXQ-Ux9C_zaDSZy_ETa3VpFdpx11CY4NGWOOjCxUu0qK-BDP3-s2eFD2Y0dGpNfBdurw-8Oy6JLnxZWiQ9PNDc6NewdQriF1zRPZzPr4Qc3SRX5bzg3DvpK5801nNbNb1DUdbEFQzR_X8lEnp30sCHmAKe37ux_mRe8XJNPki7fmpIqonFFhgD3G4U-wuXgmUUiP3d7JwqMp6qiGvgzeZyw6lwx2QB2I9gJz7PpteV4VgRe0p19IY_TP1Lj9",
            "e": "AQAB",
            "kty": "RSA",
            "kid": "did:web:127.0.0.1%3A8000:api:dcp:v1:public:programs:dcp#dev",
            "alg": "RS256",
            "use": "sig",
        },
    ),
    "public_programs_status_lists_retrieve": operation(
        "Anonymous: a BitstringStatusListCredential of the program (revocation).",
        parameters={"program_slug": "dcp", "number": 1},
        response="eyJhbGciOiJSUzI1NiIsImtpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AjZGV2IiwidHlwIjoiSldUIn0.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiXSwiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyIsInR5cGUiOlsiVmVyaWZpYWJsZUNyZWRlbnRpYWwiLCJCaXRzdHJpbmdTdGF0dXNMaXN0Q3JlZGVudGlhbCJdLCJpc3N1ZXIiOiJkaWQ6d2ViOjEyNy4wLjAuMSUzQTgwMDA6YXBpOmRjcDp2MTpwdWJsaWM6cHJvZ3JhbXM6ZGNwIiwidmFsaWRGcm9tIjoiMjAyNi0xMi0wMVQxMDo0Nzo1MloiLCJjcmVkZW50aWFsU3ViamVjdCI6eyJpZCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9wcm9ncmFtcy9kY3Avc3RhdHVzLWxpc3RzLzEvI2xpc3QiLCJ0eXBlIjoiQml0c3RyaW5nU3RhdHVzTGlzdCIsInN0YXR1c1B1cnBvc2UiOiJyZXZvY2F0aW9uIiwiZW5jb2RlZExpc3QiOiJ1SDRzSUFBQUFBQUFDQS0zQk1RRUFBQURDb1BWUGJRd2ZvQUFBQUFBQUFBQUFBQUFBQUFBQUFJQzNBWWJTVktzQVFBQUEifSwiaXNzIjoiZGlkOndlYjoxMjcuMC4wLjElM0E4MDAwOmFwaTpkY3A6djE6cHVibGljOnByb2dyYW1zOmRjcCIsImp0aSI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9wcm9ncmFtcy9kY3Avc3RhdHVzLWxpc3RzLzEvIiwibmJmIjoxNzk2MTIyMDcyLCJpYXQiOjE3OTYxMjIwNzd9.g8yn-7FWcWFDBtFad5t3rrbo9tjV33tnLlXv7oteZN9v4s3pwQ1VONR1dmgDe2JAnM7aNhULqboXMWli4zi_3bAiiuY3sgPG0Ypj6bjY-txXiNpX_KIaFKf9-U1j0e-c3K-sdMCSJ0dFlBYr3pjCKvUVMOc5A8n1H8_Izx5gGjh1vK__OEnosvLLONKDBAexdmKRGUe_ASX9hqgXFJBxaIaZN7-n9mwAevtd42rBABmeVwLCmeD5IBc-D4jNerDN8i5zWJC2RNUX0lbmU5SO-g18ETW8zI412fshwnOhOmihSKRzhbqpekDSeEcs8vWUhhXgqJQ_EGD025KMpWq_POqeoJZdUHbgbGMCMFbHIcX8o3fPHjnxz59BD7hHgEMTIVSJLaG6mV7A2CcR7AMiBcmAaYXl19Mw50nWLil7OL8aVVDgN-Ndjqi96YuC798qHTpWHAOnDq0W4bn0QCqqxLk5p0PbzO2dgefp8RkDtaKszKlah92iXGQjS0UEDLcG",
        media_type="application/vc+jwt",
    ),
    "public_programs_status_lists_jwt_retrieve": operation(
        "Anonymous: the status list credential signed as VC-JWT.",
        parameters={"program_slug": "dcp", "number": 1},
        response="eyJhbGciOiJSUzI1NiIsImtpZCI6ImRpZDp3ZWI6MTI3LjAuMC4xJTNBODAwMDphcGk6ZGNwOnYxOnB1YmxpYzpwcm9ncmFtczpkY3AjZGV2IiwidHlwIjoiSldUIn0.eyJAY29udGV4dCI6WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiXSwiaWQiOiJodHRwOi8vMTI3LjAuMC4xOjgwMDAvYXBpL2RjcC92MS9wdWJsaWMvcHJvZ3JhbXMvZGNwL3N0YXR1cy1saXN0cy8xLyIsInR5cGUiOlsiVmVyaWZpYWJsZUNyZWRlbnRpYWwiLCJCaXRzdHJpbmdTdGF0dXNMaXN0Q3JlZGVudGlhbCJdLCJpc3N1ZXIiOiJkaWQ6d2ViOjEyNy4wLjAuMSUzQTgwMDA6YXBpOmRjcDp2MTpwdWJsaWM6cHJvZ3JhbXM6ZGNwIiwidmFsaWRGcm9tIjoiMjAyNi0xMi0wMVQxMDo0Nzo1MloiLCJjcmVkZW50aWFsU3ViamVjdCI6eyJpZCI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9wcm9ncmFtcy9kY3Avc3RhdHVzLWxpc3RzLzEvI2xpc3QiLCJ0eXBlIjoiQml0c3RyaW5nU3RhdHVzTGlzdCIsInN0YXR1c1B1cnBvc2UiOiJyZXZvY2F0aW9uIiwiZW5jb2RlZExpc3QiOiJ1SDRzSUFBQUFBQUFDQS0zQk1RRUFBQURDb1BWUGJRd2ZvQUFBQUFBQUFBQUFBQUFBQUFBQUFJQzNBWWJTVktzQVFBQUEifSwiaXNzIjoiZGlkOndlYjoxMjcuMC4wLjElM0E4MDAwOmFwaTpkY3A6djE6cHVibGljOnByb2dyYW1zOmRjcCIsImp0aSI6Imh0dHA6Ly8xMjcuMC4wLjE6ODAwMC9hcGkvZGNwL3YxL3B1YmxpYy9wcm9ncmFtcy9kY3Avc3RhdHVzLWxpc3RzLzEvIiwibmJmIjoxNzk2MTIyMDcyLCJpYXQiOjE3OTYxMjIwNzd9.g8yn-7FWcWFDBtFad5t3rrbo9tjV33tnLlXv7oteZN9v4s3pwQ1VONR1dmgDe2JAnM7aNhULqboXMWli4zi_3bAiiuY3sgPG0Ypj6bjY-txXiNpX_KIaFKf9-U1j0e-c3K-sdMCSJ0dFlBYr3pjCKvUVMOc5A8n1H8_Izx5gGjh1vK__OEnosvLLONKDBAexdmKRGUe_ASX9hqgXFJBxaIaZN7-n9mwAevtd42rBABmeVwLCmeD5IBc-D4jNerDN8i5zWJC2RNUX0lbmU5SO-g18ETW8zI412fshwnOhOmihSKRzhbqpekDSeEcs8vWUhhXgqJQ_EGD025KMpWq_POqeoJZdUHbgbGMCMFbHIcX8o3fPHjnxz59BD7hHgEMTIVSJLaG6mV7A2CcR7AMiBcmAaYXl19Mw50nWLil7OL8aVVDgN-Ndjqi96YuC798qHTpWHAOnDq0W4bn0QCqqxLk5p0PbzO2dgefp8RkDtaKszKlah92iXGQjS0UEDLcG",
        media_type="application/jwt",
    ),
}
