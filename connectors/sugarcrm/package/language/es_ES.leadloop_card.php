<?php
// The leadloop card (dashlet) and the "My open MQLs" filter on Leads.
$mod_strings['LBL_LEADLOOP_CARD'] = 'Tarjeta leadloop';
$mod_strings['LBL_LEADLOOP_CARD_DESCRIPTION'] = 'Puntuación leadloop, motivos, plazo de contacto y Devolver a marketing para este lead.';
$mod_strings['LBL_LEADLOOP_MY_OPEN_MQLS'] = 'Mis MQL abiertos';
$mod_strings['LBL_LEADLOOP_NO_SCORE'] = 'leadloop aún no ha puntuado este lead.';
$mod_strings['LBL_LEADLOOP_MISSING'] = 'Falta';
$mod_strings['LBL_LEADLOOP_TO_MQL'] = 'Para ser MQL necesita';
$mod_strings['LBL_LEADLOOP_SLA_DUE'] = 'Contactar antes de';
$mod_strings['LBL_LEADLOOP_TIME_LEFT'] = 'quedan {0}';
$mod_strings['LBL_LEADLOOP_OVERDUE'] = 'vencido hace {0}';
$mod_strings['LBL_LEADLOOP_DEFINITION'] = 'Definición de lead';
$mod_strings['LBL_LEADLOOP_RETURN_TO_MARKETING'] = 'Devolver a marketing';
$mod_strings['LBL_LEADLOOP_RETURN_REASON'] = '¿Por qué lo devuelves?';
$mod_strings['LBL_LEADLOOP_RETURN_SAVE'] = 'Devolver lead';
$mod_strings['LBL_LEADLOOP_CANCEL'] = 'Cancelar';
$mod_strings['LBL_LEADLOOP_RETURNED'] = 'Devuelto a marketing';
$mod_strings['LBL_LEADLOOP_STATUS_NEW'] = 'Nuevo: aún sin puntuar con la definición.';
$mod_strings['LBL_LEADLOOP_STATUS_NURTURE'] = 'Nutrición: marketing lo mantiene hasta que cumpla la definición.';
$mod_strings['LBL_LEADLOOP_STATUS_MQL'] = 'MQL: marketing lo calificó; contáctalo antes del plazo.';
$mod_strings['LBL_LEADLOOP_STATUS_SAL'] = 'SAL: ventas lo aceptó.';
$mod_strings['LBL_LEADLOOP_STATUS_SQL'] = 'SQL: ventas lo calificó (convertido u oportunidad).';
$mod_strings['LBL_LEADLOOP_STATUS_WON'] = 'Ganado.';
$mod_strings['LBL_LEADLOOP_STATUS_LOST'] = 'Perdido.';
$mod_strings['LBL_LEADLOOP_STATUS_RECYCLED'] = 'Devuelto a marketing: vuelve solo con nuevo interés.';
$mod_strings['LBL_LEADLOOP_STATUS_DISQUALIFIED'] = 'Descalificado: no es un lead para ventas (por la definición, o por un comercial hasta que lo reabra).';
