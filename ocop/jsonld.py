"""Press metadata for product and plan pages: the citation line and schema.org JSON-LD.

Both are plain functions of the catalog and one record; templates call them through the
globals `citation(catalog, record)` and `json_ld(catalog, record, base_url)`.

JSON-LD graph of a product page: the Product (its current OCOP stars as an
`additionalProperty`, every recognition as an `award` and as a `hasCertification`
Certification with its status on the build date), the producer as an Organization,
each recognition decision as a schema:Legislation passed by a GovernmentOrganization. Of a plan page: the plan as a schema:Legislation with its number
(`legislationIdentifier`), date, jurisdiction and issuer (GovernmentOrganization).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from .dates import PartialDate
from .model import Catalog, Decision, Plan, Product, Recognition
from .slugs import slugify
from .urls import decision_fragment, plan_url, product_url

SCHEMA_CONTEXT = "https://schema.org"
COUNTRY = {"@type": "Country", "name": "Việt Nam"}
# A recognition's standing on the build date (model.recognition_status) as schema.org's
# CertificationStatusEnumeration; "uncertain" and "unknown" get no status (unknown stays unknown).
CERTIFICATION_STATUS = {"valid": "https://schema.org/CertificationActive",
                        "expiring": "https://schema.org/CertificationActive",
                        "expired": "https://schema.org/CertificationInactive"}


# ---------------------------------------------------------------- who issued what

def decision_issuer(catalog: Catalog, decision: Decision) -> str | None:
    """The body that issued a recognition decision: as entered, else the provincial People's
    Committee for a provincial decision (3–4★ are recognised by the province), else unknown."""
    if decision.issuer:
        return decision.issuer
    if decision.level == "tỉnh":
        return f"UBND {catalog.provinces[decision.province].lower_name}"
    return None


def _date_phrase(date: PartialDate | None) -> str:
    """' ngày 11/2/2022', ' tháng 7/2023', ' năm 2019' or ''."""
    if date is None:
        return ""
    return f" ngày {date.vi()}" if date.day else f" {date.vi()}"


# ---------------------------------------------------------------- citation line

@dataclass(frozen=True)
class Citation:
    title: str
    issuer: str | None
    number: str | None
    date: str | None  # as shown: 11/2/2022, tháng 7/2023, năm 2019
    url: str  # the permanent site path
    lead: str  # the citation text before the permanent URL


def plan_citation(catalog: Catalog, plan: Plan) -> Citation:
    date = plan.issued.vi()
    number = f", số {plan.number}" if plan.number else ""
    lead = f"{plan.issuer} ({date}). {plan.title}{number}. {catalog.site.title}."
    return Citation(plan.title, plan.issuer, plan.number, date, plan_url(plan.province, plan.slug), lead)


def product_citation(catalog: Catalog, product: Product) -> Citation:
    province = catalog.provinces[product.province]
    who = ", ".join(x for x in (product.producer.name if product.producer else None, province.name) if x)
    current = product.current
    if current is None:
        lead = f"{product.name} ({who}), chưa có quyết định công nhận trong danh mục. {catalog.site.title}."
        return Citation(product.name, None, None, None, product_url(product.slug), lead)
    decision = current.decision
    issuer = decision_issuer(catalog, decision)
    act = f"Quyết định số {decision.number}" if decision.number else "quyết định (chưa rõ số)"
    when = _date_phrase(decision.date) if decision.date else " (chưa rõ ngày)"
    by = f" của {issuer}" if issuer else ""
    lead = (f"{product.name} ({who}), sản phẩm OCOP {current.stars} sao theo {act}{when}{by}. "
            f"{catalog.site.title}.")
    return Citation(product.name, issuer, decision.number, decision.date.vi() if decision.date else None,
                    product_url(product.slug), lead)


def citation(catalog: Catalog, record: Product | Plan) -> Citation:
    if isinstance(record, Plan):
        return plan_citation(catalog, record)
    return product_citation(catalog, record)


# ---------------------------------------------------------------- JSON-LD

def _issuer_node(base_url: str, name: str) -> dict:
    # one @id per issuing body across the whole site, so graphs of different pages join up
    return {"@type": "GovernmentOrganization", "@id": f"{base_url}/#co-quan-{slugify(name)}", "name": name,
            "address": {"@type": "PostalAddress", "addressCountry": "VN"}}


def _area(catalog: Catalog, slug: str) -> dict:
    province = catalog.provinces[slug]
    return {"@type": "AdministrativeArea", "name": province.full_name, "containedInPlace": COUNTRY}


def _source_urls(sources) -> list[str]:
    return [s.url for s in sources if s.url]


def product_graph(catalog: Catalog, product: Product, base_url: str) -> dict:
    page = base_url + product_url(product.slug)
    then = catalog.provinces[product.province]
    now = catalog.provinces[product.province_now]
    node: dict = {"@type": "Product", "@id": f"{page}#san-pham", "name": product.name, "url": page,
                  "countryOfOrigin": COUNTRY}
    description = f"Sản phẩm OCOP của {then.lower_name}"
    if product.current:
        description = f"Sản phẩm OCOP {product.stars} sao của {then.lower_name}"
    if now.slug != then.slug:
        description += f" (nay thuộc {now.lower_name})"
    node["description"] = description + "."
    if product.group:
        node["category"] = product.group
    graph = [node]
    if product.producer:
        producer = {"@type": "Organization", "@id": f"{page}#chu-the", "name": product.producer.name,
                    "address": {"@type": "PostalAddress", "addressRegion": now.full_name, "addressCountry": "VN"}}
        if product.locality:
            producer["address"]["addressLocality"] = product.locality
        if product.producer.address:
            producer["address"]["streetAddress"] = product.producer.address
        if product.producer.kind_label:
            producer["description"] = product.producer.kind_label
        contact = product.producer.contact
        if contact:
            if contact.phone:
                producer["telephone"] = contact.phone
            if contact.email:
                producer["email"] = contact.email
            if contact.website:
                producer["url"] = contact.website
        node["manufacturer"] = {"@id": producer["@id"]}
        graph.append(producer)
    if product.current:
        current = product.current
        stars = {"@type": "PropertyValue", "propertyID": "OCOP", "name": "Số sao OCOP", "value": current.stars,
                 "minValue": 1, "maxValue": 5, "unitText": "sao",
                 "description": f"{current.decision.label}, {current.decision.level_label}"}
        if current.decision.date:
            stars["validFrom"] = current.decision.date.iso()
        if current.expires:
            stars["validThrough"] = current.expires.iso()
        node["additionalProperty"] = [stars]
    awards, decisions, issuers, certifications = [], [], {}, []
    for recognition in product.history:
        decision = recognition.decision
        awards.append(f"OCOP {recognition.stars} sao — {decision.label}")
        certifications.append(_certification(catalog, recognition, base_url, page, issuers))
        act = {"@type": "Legislation", "@id": f"{page}#quyet-dinh-{decision_fragment(decision.id)}",
               "name": decision.label, "legislationType": "Quyết định công nhận sản phẩm OCOP",
               "legislationJurisdiction": _area(catalog, decision.province),
               "about": {"@id": node["@id"]}, "inLanguage": "vi"}
        if decision.number:
            act["legislationIdentifier"] = decision.number
        if decision.date:
            act["legislationDate"] = decision.date.iso()
        issuer = decision_issuer(catalog, decision)
        if issuer:
            act["legislationPassedBy"] = {"@id": issuers[issuer]["@id"]}
        urls = _source_urls(decision.sources)
        if urls:
            act["isBasedOn"] = urls
        if decision.document_url:
            act["encoding"] = {"@type": "MediaObject", "contentUrl": base_url + decision.document_url,
                               "encodingFormat": "application/pdf"}
        decisions.append(act)
    if awards:
        node["award"] = awards
        node["hasCertification"] = certifications
        node["subjectOf"] = [{"@id": act["@id"]} for act in decisions]
    return {"@context": SCHEMA_CONTEXT, "@graph": graph + decisions + list(issuers.values())}


def _certification(catalog: Catalog, recognition: Recognition, base_url: str, page: str, issuers: dict) -> dict:
    """One recognition as a schema.org Certification: the stars as its rating, its validity on the build date.
    The issuer joins `issuers` (one GovernmentOrganization node per body, shared with the decisions)."""
    decision = recognition.decision
    node: dict = {"@type": "Certification", "@id": f"{page}#chung-nhan-{decision_fragment(decision.id)}",
                  "name": f"Sản phẩm OCOP {recognition.stars} sao",
                  "certificationRating": {"@type": "Rating", "ratingValue": recognition.stars, "bestRating": 5,
                                          "worstRating": 1}}
    if recognition.certificate:
        node["certificationIdentification"] = recognition.certificate
    status = CERTIFICATION_STATUS.get(recognition.status)
    if status:
        node["certificationStatus"] = status
    start = decision.valid_from or decision.date
    if start:
        node["validFrom"] = start.iso()
    if decision.expires:
        node["expires"] = decision.expires.iso()
    issuer = decision_issuer(catalog, decision)
    if issuer:
        issuers.setdefault(issuer, _issuer_node(base_url, issuer))
        node["issuedBy"] = {"@id": issuers[issuer]["@id"]}
    node["subjectOf"] = {"@id": f"{page}#quyet-dinh-{decision_fragment(decision.id)}"}
    return node


def plan_graph(catalog: Catalog, plan: Plan, base_url: str) -> dict:
    page = base_url + plan_url(plan.province, plan.slug)
    issuer = _issuer_node(base_url, plan.issuer)
    start, end = plan.period
    node: dict = {
        "@type": "Legislation", "@id": f"{page}#van-ban", "name": plan.title, "url": page,
        "legislationType": plan.document_type, "legislationDate": plan.issued.iso(),
        "datePublished": plan.issued.iso(), "inLanguage": "vi",
        "legislationJurisdiction": _area(catalog, plan.province),
        "spatialCoverage": _area(catalog, plan.province),
        "temporalCoverage": str(start) if start == end else f"{start}/{end}",
        "legislationPassedBy": {"@id": issuer["@id"]}, "author": {"@id": issuer["@id"]},
    }
    if plan.number:
        node["legislationIdentifier"] = plan.number
        node["identifier"] = plan.number
    if plan.summary:
        node["abstract"] = plan.summary
    urls = _source_urls(plan.sources)
    if urls:
        node["isBasedOn"] = urls
    return {"@context": SCHEMA_CONTEXT, "@graph": [node, issuer]}


def graph(catalog: Catalog, record: Product | Plan, base_url: str) -> dict:
    if isinstance(record, Plan):
        return plan_graph(catalog, record, base_url)
    return product_graph(catalog, record, base_url)


def script_json(data: dict) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' that could close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld(catalog: Catalog, record: Product | Plan) -> Markup:
    """The <script type="application/ld+json"> element for a product or plan page."""
    data = graph(catalog, record, catalog.site.base_url)
    return Markup('<script type="application/ld+json">' + script_json(data) + "</script>")
