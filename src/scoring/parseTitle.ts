import type { Department, Seniority } from '../domain/enrichment';

export interface ParsedTitle {
  seniority: Seniority;
  department: Department;
  isDecisionMaker: boolean;
}

/**
 * Seniority rules, first match wins. Order matters: "Assistant to the CEO" is an
 * assistant, not a CEO; "Director General" is the top executive, not a director;
 * students, interns and job seekers (people who are not buying) are checked first and
 * all reported as `student`.
 * Titles are matched after normalisation (lower case, accents removed, punctuation as
 * spaces, padded with one space each side), so every token is delimited by spaces.
 */
const SENIORITY_RULES: readonly (readonly [Seniority, RegExp])[] = [
  [
    'student',
    / (student|estudiante|alumn[oa]|becari[oa]|intern|internship|pasante|practicante|en practicas|doctorando|phd candidate|mba candidate|job seeker|jobseeker|seeking (new )?(opportunit[a-z]*|employment|work|a job)|looking for (new )?(opportunit[a-z]*|work|a job|job)|open to work|buscando (empleo|trabajo)|en busca de (empleo|trabajo)|desemplead[oa]|unemployed|between jobs) /,
  ],
  [
    'entry',
    / (assistant(?! (director|manager|vice|vp|general|professor|principal))|asistente|secretari[oa]|secretary|recepcionista|receptionist|auxiliar|aprendiz|trainee|junior|jr) /,
  ],
  [
    'c_level',
    / (ceo|cfo|coo|cto|cio|cmo|ciso|cro|cco|cdo|cpo|chro|chief|(?<!vice )president|presidente|presidenta|director general|directora general|gerente general|general manager|managing director|director ejecutivo|directora ejecutiva|executive director|consejero delegado|consejera delegada|country manager) /,
  ],
  [
    'owner',
    / ((?<!(product|process|content|business) )owner|co ?founder|founder|fundador|fundadora|cofundador|cofundadora|propietari[oa]|duen[oa]|socio|socia|(?<!(channel|business|alliance) )partner(?! (manager|marketing|sales|success|account|development|program))|proprietor|self employed|autonom[oa]|freelance|freelancer|administrador unico) /,
  ],
  ['vp', / (vp|svp|evp|avp|vice ?president|vicepresident[ea]|vice presidente|vicepresidencia) /],
  [
    'head',
    / (head|jef[ea] de(?! (proyecto|proyectos|obra|turno|equipo|grupo|seccion|taller|tienda|planta))|jef[ea] comercial) /,
  ],
  ['director', / (director|directora|directores|directeur|dir|subdirector|subdirectora) /],
  [
    'manager',
    / (manager|mgr|gerente|subgerente|gerenta|jef[ea]|responsable|supervisor|supervisora|encargad[oa]|team lead|tech lead|lead(?! (generation|gen))|lider|coordinador[a]? general) /,
  ],
  ['senior', / (senior|sr|principal|staff engineer|architect|arquitect[oa]|expert|experto|experta) /],
  [
    'staff',
    / (analyst|analista|engineer|ingenier[oa]|developer|desarrollador[a]?|programador[a]?|specialist|especialista|consultant|consultor[a]?|asesor[a]?|advisor|representative|rep|executive|ejecutiv[oa]|tecnic[oa]|technician|coordinator|coordinador[a]?|accountant|contador[a]?|contable|administrativ[oa]|vendedor[a]?|comercial|agente|agent|designer|disenador[a]?|abogad[oa]|lawyer|associate|officer|administrator|administrador[a]?|buyer|comprador[a]?|recruiter|scientist|cientific[oa]|operari[oa]|operator|clerk|empleado|empleada|employee|teacher|profesor[a]?|nurse|enfermer[oa]|medico|doctor|sdr|bdr|account executive) /,
  ],
];

/**
 * Department rules, first match wins: specific functions before generic words
 * ("Sales Engineer" is sales; "Ingeniero de Sistemas" is IT, not engineering;
 * "IT Support" is IT, not customer service).
 */
const DEPARTMENT_RULES: readonly (readonly [Department, RegExp])[] = [
  [
    'executive',
    / (ceo|chief executive|(?<!vice )president|presidente|presidenta|director general|directora general|gerente general|gerencia general|general manager|managing director|director ejecutivo|directora ejecutiva|executive director|consejer[oa] delegad[oa]|founder|co ?founder|fundador[a]?|cofundador[a]?|(?<!(product|process|content|business) )owner|propietari[oa]|duen[oa]|socio|socia|managing partner|country manager|administrador unico|board member) /,
  ],
  [
    'purchasing',
    / (purchasing|procurement|compras|buyer|comprador[a]?|abastecimiento|adquisiciones|sourcing|aprovisionamiento) /,
  ],
  [
    'hr',
    / (hr|human resources|recursos humanos|rrhh|rr hh|people|talent|talento|recruiting|recruiter|recruitment|reclutamiento|seleccion|personal(?! assistant)|chro|nomina|payroll) /,
  ],
  [
    'marketing',
    / (marketing|mercadotecnia|mercadeo|cmo|brand|marca|growth|demand gen[a-z]*|communications|comunicacion|content|contenido|contenidos|seo|sem|publicidad|advertising|pr|relaciones publicas|social media|redes sociales|community manager|lead generation|lead gen|digital) /,
  ],
  [
    'sales',
    / (sales|ventas|venta|comercial|commercial|business development|desarrollo de negocios?|new business|bdr|sdr|account executive|account manager|key account|ejecutiv[oa] de cuentas|vendedor[a]?|cro|cco|revenue|preventa|presales|pre sales|channel|canal|partnerships|inside sales) /,
  ],
  [
    'finance',
    / (finance|financial|finanzas|financier[oa]|cfo|accounting|accountant|contabilidad|contador[a]?|contable|controller|controlling|tesoreri[a]|treasury|treasurer|audit|auditor[a]?|auditoria|tax|fiscal|administracion y finanzas|administracion|payable|receivable|cobranza|credito) /,
  ],
  ['legal', / (legal|abogad[oa]|lawyer|attorney|counsel|juridic[oa]|compliance|cumplimiento|paralegal|notari[oa]) /],
  [
    'it',
    / (it|ti|tic|tics|sistemas|informatica|cio|cto|ciso|cdo|technology|tecnologia|tecnologias|information|infrastructure|infraestructura|network|networks|redes|security|seguridad informatica|ciberseguridad|cybersecurity|sysadmin|data|datos|database|bases de datos|erp|crm|digital transformation|transformacion digital|it support|soporte tecnico|help ?desk|service desk) /,
  ],
  [
    'customer_service',
    / (customer service|customer success|customer support|customer care|customer experience|cx|support|soporte|atencion al cliente|servicio al cliente|servicio a clientes|experiencia del cliente|call center|contact center|postventa|after sales) /,
  ],
  ['product', / (product|producto|ux|ui|user experience) /],
  [
    'engineering',
    / (engineer|engineering|ingenier[oa]|ingenieria|developer|desarrollador[a]?|programador[a]?|software|r d|i d|devops|architect|arquitect[oa] de software|firmware|qa|research) /,
  ],
  [
    'operations',
    / (operations|operating|operaciones|operativ[oa]|coo|logistics|logistica|supply chain|cadena de suministro|production|produccion|manufacturing|fabricacion|planta|plant|quality|calidad|warehouse|almacen|facilities|mantenimiento|maintenance|proyecto|proyectos|project|obra|turno|office manager|administrativ[oa]) /,
  ],
];

const DECISION_MAKERS: ReadonlySet<Seniority> = new Set<Seniority>(['owner', 'c_level', 'vp', 'director', 'head']);

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_WORD = /[^a-z0-9]+/g;

/** Lower case, no accents, words separated by single spaces, one space padding each side. */
export function normalizeTitle(title: string): string {
  return ` ${title.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().replace(NON_WORD, ' ').trim()} `;
}

const UNKNOWN: ParsedTitle = Object.freeze({ seniority: 'unknown', department: 'unknown', isDecisionMaker: false });

/**
 * Seniority, department and decision-making power from a free-text job title, in
 * English or Spanish. Pure. A blank title is `unknown`; a title that says something but
 * matches no function is department `other`.
 */
export function parseTitle(title: string | null | undefined): ParsedTitle {
  if (!title) return UNKNOWN;
  const text = normalizeTitle(title);
  if (text.length <= 2) return UNKNOWN;
  let seniority: Seniority = 'unknown';
  for (const [level, pattern] of SENIORITY_RULES) {
    if (pattern.test(text)) {
      seniority = level;
      break;
    }
  }
  let department: Department = 'other';
  for (const [dept, pattern] of DEPARTMENT_RULES) {
    if (pattern.test(text)) {
      department = dept;
      break;
    }
  }
  return { seniority, department, isDecisionMaker: DECISION_MAKERS.has(seniority) };
}
