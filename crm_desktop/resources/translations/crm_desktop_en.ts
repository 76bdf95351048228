<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
  <context>
    <name />
    <message numerus="yes">
      <source>ContactCard</source>
      <comment>Company %1 saved; %n person(s) updated.</comment>
      <translation>
        <numerusform>ContactCard</numerusform>
        <numerusform>ContactCard</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ContactCard</name>
    <message numerus="yes">
      <source>%n person(s)</source>
      <translation>
        <numerusform>%n person</numerusform>
        <numerusform>%n persons</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ContactListPage</name>
    <message numerus="yes">
      <source>%n contact(s)</source>
      <translation>
        <numerusform>%n contact</numerusform>
        <numerusform>%n contacts</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Delete company %1 %2 and the %n person(s) working for it?</source>
      <translation>
        <numerusform>Delete company %1 %2 and the %n person working for it?</numerusform>
        <numerusform>Delete company %1 %2 and the %n persons working for it?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Delete the %n selected contacts and the persons who work for them (%1)?</source>
      <translation>
        <numerusform>Delete the %n selected contact and the persons who work for them (%1)?</numerusform>
        <numerusform>Delete the %n selected contacts and the persons who work for them (%1)?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n person(s)</source>
      <translation>
        <numerusform>%n person</numerusform>
        <numerusform>%n persons</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Delete the %n selected contacts?</source>
      <translation>
        <numerusform>Delete the %n selected contact?</numerusform>
        <numerusform>Delete the %n selected contacts?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Undo Delete of %n contact(s)</source>
      <translation>
        <numerusform>Undo Delete of %n contact</numerusform>
        <numerusform>Undo Delete of %n contacts</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n contact(s) deleted. Edit &gt; Undo (Ctrl+Z) brings them back.</source>
      <translation>
        <numerusform>%n contact deleted. Edit &gt; Undo (Ctrl+Z) brings them back.</numerusform>
        <numerusform>%n contacts deleted. Edit &gt; Undo (Ctrl+Z) brings them back.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ExportChoiceDialog</name>
    <message numerus="yes">
      <source>the %n contact(s) shown</source>
      <translation>
        <numerusform>the %n contact shown</numerusform>
        <numerusform>the %n contacts shown</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>the %n selected</source>
      <translation>
        <numerusform>the %n selected</numerusform>
        <numerusform>the %n selected</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>all %n contact(s)</source>
      <translation>
        <numerusform>all %n contact</numerusform>
        <numerusform>all %n contacts</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>OpportunitiesPage</name>
    <message numerus="yes">
      <source>%n opportunities</source>
      <translation>
        <numerusform>%n opportunity</numerusform>
        <numerusform>%n opportunities</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>RecordListPage</name>
    <message numerus="yes">
      <source>%n contact(s) created</source>
      <translation>
        <numerusform>%n contact created</numerusform>
        <numerusform>%n contacts created</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n record</numerusform>
        <numerusform>%n records</numerusform>
      </translation>
    </message>
  </context>
</TS>