<?php
// The leadloop card (dashlet) and the "My open MQLs" filter on Leads.
$mod_strings['LBL_LEADLOOP_CARD'] = 'leadloop card';
$mod_strings['LBL_LEADLOOP_CARD_DESCRIPTION'] = 'leadloop score, reasons, follow-up deadline and Return to marketing for this lead.';
$mod_strings['LBL_LEADLOOP_MY_OPEN_MQLS'] = 'My open MQLs';
$mod_strings['LBL_LEADLOOP_NO_SCORE'] = 'leadloop has not scored this lead yet.';
$mod_strings['LBL_LEADLOOP_MISSING'] = 'Missing';
$mod_strings['LBL_LEADLOOP_TO_MQL'] = 'To become an MQL it needs';
$mod_strings['LBL_LEADLOOP_SLA_DUE'] = 'Follow up by';
$mod_strings['LBL_LEADLOOP_TIME_LEFT'] = '{0} left';
$mod_strings['LBL_LEADLOOP_OVERDUE'] = 'overdue by {0}';
$mod_strings['LBL_LEADLOOP_DEFINITION'] = 'Lead definition';
$mod_strings['LBL_LEADLOOP_RETURN_TO_MARKETING'] = 'Return to marketing';
$mod_strings['LBL_LEADLOOP_RETURN_REASON'] = 'Why are you returning it?';
$mod_strings['LBL_LEADLOOP_RETURN_SAVE'] = 'Return lead';
$mod_strings['LBL_LEADLOOP_CANCEL'] = 'Cancel';
$mod_strings['LBL_LEADLOOP_RETURNED'] = 'Returned to marketing';
$mod_strings['LBL_LEADLOOP_STATUS_NEW'] = 'New: not scored against the definition yet.';
$mod_strings['LBL_LEADLOOP_STATUS_NURTURE'] = 'Nurture: marketing keeps it warm until it meets the definition.';
$mod_strings['LBL_LEADLOOP_STATUS_MQL'] = 'MQL: marketing qualified it; follow up before the deadline.';
$mod_strings['LBL_LEADLOOP_STATUS_SAL'] = 'SAL: sales accepted it.';
$mod_strings['LBL_LEADLOOP_STATUS_SQL'] = 'SQL: sales qualified it (converted or an opportunity).';
$mod_strings['LBL_LEADLOOP_STATUS_WON'] = 'Won.';
$mod_strings['LBL_LEADLOOP_STATUS_LOST'] = 'Lost.';
$mod_strings['LBL_LEADLOOP_STATUS_RECYCLED'] = 'Returned to marketing: it comes back only through new engagement.';
$mod_strings['LBL_LEADLOOP_STATUS_DISQUALIFIED'] = 'Disqualified: not a lead for sales (by the definition, or by a rep until a rep reopens it).';
