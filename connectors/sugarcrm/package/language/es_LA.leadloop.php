<?php
$mod_strings['LBL_LEADLOOP_SCORE'] = 'Puntuación leadloop';
$mod_strings['LBL_LEADLOOP_SCORE_HELP'] = 'Cuánto se ajusta este cliente potencial a la definición de lead, de 0 a 100. leadloop la escribe en cada sincronización.';
$mod_strings['LBL_LEADLOOP_GRADE'] = 'Categoría leadloop';
$mod_strings['LBL_LEADLOOP_GRADE_HELP'] = 'Categoría de A (mejor) a D, según la puntuación. La escribe leadloop.';
$mod_strings['LBL_LEADLOOP_STATUS'] = 'Estado leadloop';
$mod_strings['LBL_LEADLOOP_STATUS_HELP'] = 'Estado del ciclo de vida que fija leadloop: new, nurture, mql, disqualified; sal, sql, recycled, won y lost vienen de lo que hace ventas.';
$mod_strings['LBL_LEADLOOP_REASONS'] = 'Motivos leadloop';
$mod_strings['LBL_LEADLOOP_REASONS_HELP'] = 'Por qué el cliente potencial tiene esta puntuación y este estado.';
$mod_strings['LBL_LEADLOOP_SCORED_AT'] = 'Puntuado por leadloop el';
$mod_strings['LBL_LEADLOOP_SCORED_AT_HELP'] = 'Cuándo leadloop puntuó este cliente potencial por última vez.';
$mod_strings['LBL_LEADLOOP_SLA_DUE'] = 'Seguimiento leadloop antes de';
$mod_strings['LBL_LEADLOOP_SLA_DUE_HELP'] = 'Contacte con este cliente potencial antes de esta hora (acuerdo de nivel de servicio).';
$mod_strings['LBL_LEADLOOP_RETURN_REASON'] = 'Motivo de devolución leadloop';
$mod_strings['LBL_LEADLOOP_RETURN_REASON_HELP'] = 'Devuelve este cliente potencial a marketing: elija el motivo. En la próxima sincronización leadloop lo vuelve a nutrir con este motivo y vacía el campo.';
